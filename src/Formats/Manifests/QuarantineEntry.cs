namespace Cluster.Formats.Manifests;

/// <summary>One rejected input row: where it came from, the image and class it named, one of the fixed
/// <see cref="QuarantineReasons"/>, and a human-readable detail.</summary>
public sealed record QuarantineEntry(
    string SourceFile,
    long Line,
    string? Image,
    string? ClassName,
    string Reason,
    string Detail)
{
    /// <summary>An entry for a box row at <paramref name="source"/>.</summary>
    public static QuarantineEntry For(SourceLocation source, string? image, string? className, string reason, string detail)
        => new(source.File, source.Line, image, className, reason, detail);
}
