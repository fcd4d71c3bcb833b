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

    private static readonly XmlReaderSettings DepthCheckSettings = CloneLeavingOpen(Settings);

    private static XmlReaderSettings CloneLeavingOpen(XmlReaderSettings settings)
    {
        var clone = settings.Clone();
        clone.CloseInput = false;
        return clone;
    }

    /// <summary>Parses the file; a malformed or unsafe document becomes a <see cref="ManifestException"/> with its line.</summary>
    public static XDocument Load(string path)
    {
        using var stream = File.OpenRead(path);
        XmlReader? reader = null;
        try
        {
            RefuseDeepNesting(stream);
            stream.Position = 0;

            // Create already reads the first bytes to detect the encoding, so it can throw too (hence inside the try).
            reader = XmlReader.Create(stream, Settings);
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
        finally
        {
            reader?.Dispose();
        }
    }

    /// <summary>A streaming pass that refuses nesting deeper than <see cref="MaxDepth"/> before the tree is built:
    /// XDocument.Load takes time quadratic in the depth (100,000 nested elements, 700 KB, take minutes).</summary>
    private static void RefuseDeepNesting(Stream stream)
    {
        using var reader = XmlReader.Create(stream, DepthCheckSettings);
        while (reader.Read())
        {
            if (reader.Depth > MaxDepth)
            {
                var info = (IXmlLineInfo)reader;
                throw new XmlException($"elements are nested deeper than {MaxDepth} levels", null, info.LineNumber, info.LinePosition);
            }
        }
    }

    /// <summary>Deepest element nesting accepted; a VOC annotation needs 4.</summary>
    public const int MaxDepth = 64;

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
