using System.Text;
using nietras.SeparatedValues;

namespace Cluster.Formats.Manifests;

/// <summary>The rows of a CSV manifest read with Sep as strict UTF-8 (a UTF-16 file with a byte-order mark is decoded
/// as such). Whatever Sep or the decoder cannot read — invalid UTF-8, a row longer than Sep's limit (16,777,216
/// characters: an unterminated quote or a huge field), duplicate header names — becomes a <see cref="ManifestException"/>
/// naming the file and line instead of escaping as a library exception.</summary>
internal sealed class CsvRowSource : IDisposable
{
    private readonly SepReader _reader;
    private readonly string _path;
    private int _nextLine = 2;

    private CsvRowSource(SepReader reader, string path)
    {
        _reader = reader;
        _path = path;
        Columns = CsvColumns.From(reader.Header, path);
    }

    public CsvColumns Columns { get; }

    public static CsvRowSource Open(string path)
    {
        if (!File.Exists(path))
        {
            throw ManifestException.NotFound(path, "CSV manifest");
        }

        var text = new StreamReader(path, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true);
        SepReader? reader = null;
        try
        {
            reader = Sep.Reader(o => o with { Unescape = true, DisableColCountCheck = true, Trim = SepTrim.Outer }).From(text);
            return new CsvRowSource(reader, path);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            (reader as IDisposable ?? text).Dispose();
            throw Unreadable(path, 1, e);
        }
        catch
        {
            (reader as IDisposable ?? text).Dispose();
            throw;
        }
    }

    /// <summary>The next data row, parsed; false at the end of the file.</summary>
    public bool TryNext(out CsvRow parsed)
    {
        parsed = null!;
        if (!MoveNext())
        {
            return false;
        }

        parsed = CsvRowParser.Parse(_reader.Current, Columns, _path);
        return true;
    }

    /// <summary>The next data row's file name (null when the row is too short to have one); false at the end of the file.</summary>
    public bool TryNextFileName(out string? fileName)
    {
        fileName = null;
        if (!MoveNext())
        {
            return false;
        }

        var row = _reader.Current;
        fileName = row.ColCount > Columns.FileName ? row[Columns.FileName].ToString() : null;
        return true;
    }

    private bool MoveNext()
    {
        try
        {
            if (!_reader.MoveNext())
            {
                return false;
            }
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            throw Unreadable(_path, _nextLine, e);
        }

        _nextLine = _reader.Current.LineNumberToExcl;
        return true;
    }

    private static ManifestException Unreadable(string path, int line, Exception e) => e switch
    {
        DecoderFallbackException when Utf8Scan.FirstInvalid(path) is var (badLine, offset) =>
            ManifestException.AtLine(path, badLine, $"not valid UTF-8 at byte offset {offset}; save the manifest as UTF-8", e),
        DecoderFallbackException =>
            ManifestException.AtLine(path, line, "not valid UTF-8; save the manifest as UTF-8", e),
        NotSupportedException =>
            ManifestException.AtLine(path, line, "a row longer than 16,777,216 characters (an unterminated quote or a huge field); the CSV reader stops there", e),
        _ => ManifestException.AtLine(path, line, $"unreadable CSV: {e.Message}", e),
    };

    public void Dispose() => _reader.Dispose();
}
