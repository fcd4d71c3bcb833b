using System.Xml;
using System.Xml.Linq;

namespace Cluster.Formats.Manifests;

/// <summary>Loads small XML documents with DTD processing prohibited and no resolver, so XXE, billion-laughs and
/// any DOCTYPE are refused before an entity is expanded.</summary>
internal static class SafeXml
{
    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersFromEntities = 0,
        MaxCharactersInDocument = 64L * 1024 * 1024,
        IgnoreComments = true,
        CloseInput = true,
    };

    /// <summary>Parses the file; a malformed or unsafe document becomes a <see cref="ManifestException"/> with its line.</summary>
    public static XDocument Load(string path)
    {
        using var reader = XmlReader.Create(File.OpenRead(path), Settings);
        try
        {
            return XDocument.Load(reader, LoadOptions.SetLineInfo);
        }
        catch (XmlException e)
        {
            var line = e.LineNumber > 0 ? e.LineNumber : reader is IXmlLineInfo info && info.HasLineInfo() ? info.LineNumber : 0;
            if (line == 0)
            {
                // The DTD refusal carries no position; point at the DOCTYPE itself.
                line = LineOf(path, "<!DOCTYPE");
            }
            var reason = e.Message.Contains("DTD", StringComparison.OrdinalIgnoreCase)
                ? "DTDs and external entities are not allowed in annotation XML"
                : e.Message.Contains("unexpected end of file", StringComparison.OrdinalIgnoreCase)
                    ? "truncated XML (the file ends inside an element)"
                    : "malformed XML";
            throw ManifestException.AtLine(path, line, $"{reason}: {e.Message}", e);
        }
    }

    private static int LineOf(string path, string marker)
    {
        var line = 1;
        foreach (var text in File.ReadLines(path).Take(10_000))
        {
            if (text.Contains(marker, StringComparison.Ordinal))
            {
                return line;
            }

            line++;
        }

        return 1;
    }

    public static long LineOf(XObject node) => node is IXmlLineInfo info && info.HasLineInfo() ? info.LineNumber : 0;
}
