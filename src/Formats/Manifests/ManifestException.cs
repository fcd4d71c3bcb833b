namespace Cluster.Formats.Manifests;

/// <summary>A manifest that cannot be read any further. The message names the file, the line or byte offset and the reason.</summary>
public sealed class ManifestException : IOException
{
    private ManifestException(string filePath, long line, long offset, string message, Exception? inner)
        : base(message, inner)
    {
        FilePath = filePath;
        Line = line;
        Offset = offset;
    }

    /// <summary>The manifest file at fault.</summary>
    public string FilePath { get; }

    /// <summary>1-based line, or 0 when unknown.</summary>
    public long Line { get; }

    /// <summary>Byte offset, or -1 when unknown.</summary>
    public long Offset { get; }

    public static ManifestException AtLine(string file, long line, string reason, Exception? inner = null)
        => new(file, line, -1, $"{file}:{line}: {reason}", inner);

    /// <summary>A reason that applies to the file as a whole, or whose position the parser did not give.</summary>
    public static ManifestException InFile(string file, string reason, Exception? inner = null)
        => new(file, 0, -1, $"{file}: {reason}", inner);

    public static ManifestException AtOffset(string file, long offset, string reason, Exception? inner = null)
        => new(file, 0, offset, $"{file}: {reason} at byte offset {offset}", inner);

    public static ManifestException Truncated(string file, long offset, string what)
        => new(file, 0, offset, $"{file}: truncated {what} at byte offset {offset}; the file ends before the document does", null);

    public static ManifestException MissingColumn(string file, string column)
        => new(file, 1, -1, $"{file}:1: header has no '{column}' column", null);

    public static ManifestException NotFound(string path, string what)
        => new(path, 0, -1, $"{path}: {what} not found", null);
}
