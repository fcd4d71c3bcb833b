namespace Cluster.Formats.Images;

/// <summary>An image ready for a record: JPEG bytes in the displayed orientation, their size, and whether the source
/// bytes went through unchanged.</summary>
public sealed record NormalizedImage(byte[] Encoded, int Width, int Height, bool PassedThrough);
