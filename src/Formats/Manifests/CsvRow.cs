namespace Cluster.Formats.Manifests;

/// <summary>One parsed CSV row: a box of an image, or a rejection.</summary>
internal sealed record CsvRow(string? FileName, int Width, int Height, ManifestBox? Box, QuarantineEntry? Rejected);
