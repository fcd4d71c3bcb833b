namespace Cluster.Formats.LabelMaps;

/// <summary>A <c>label_map.pbtxt</c> that does not parse or whose items clash; names the file and line.</summary>
public sealed class LabelMapFormatException : FormatException
{
    private LabelMapFormatException(string message, string fileName, int line)
        : base(message)
    {
        FileName = fileName;
        Line = line;
    }

    public string FileName { get; }

    public int Line { get; }

    public static LabelMapFormatException At(string fileName, int line, string reason) =>
        new($"{fileName}:{line}: {reason}", fileName, line);
}
