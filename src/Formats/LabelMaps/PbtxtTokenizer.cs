using System.Text;

namespace Cluster.Formats.LabelMaps;

/// <summary>Splits protobuf text format into tokens: identifiers, quoted strings (with escapes), numbers, <c>: { }</c>; skips <c>#</c> comments.</summary>
internal sealed class PbtxtTokenizer(string text, string fileName)
{
    private int _index;
    private int _line = 1;

    public PbtxtToken Next()
    {
        SkipSpaceAndComments();
        if (_index >= text.Length)
        {
            return new PbtxtToken(PbtxtTokenKind.End, "", _line);
        }

        var c = text[_index];
        switch (c)
        {
            case ':': _index++; return new PbtxtToken(PbtxtTokenKind.Colon, ":", _line);
            case '{' or '<': _index++; return new PbtxtToken(PbtxtTokenKind.Open, "{", _line);
            case '}' or '>': _index++; return new PbtxtToken(PbtxtTokenKind.Close, "}", _line);
            case '\'' or '"': return QuotedString(c);
        }

        var start = _index;
        while (_index < text.Length && (char.IsAsciiLetterOrDigit(text[_index]) || text[_index] is '_' or '-' or '+' or '.'))
        {
            _index++;
        }

        if (start == _index)
        {
            throw LabelMapFormatException.At(fileName, _line, $"unexpected character '{c}'");
        }

        var word = text[start.._index];
        var kind = char.IsAsciiLetter(word[0]) || word[0] == '_' ? PbtxtTokenKind.Identifier : PbtxtTokenKind.Number;
        return new PbtxtToken(kind, word, _line);
    }

    private PbtxtToken QuotedString(char quote)
    {
        var line = _line;
        var value = new StringBuilder();
        _index++;
        while (true)
        {
            if (_index >= text.Length || text[_index] == '\n')
            {
                throw LabelMapFormatException.At(fileName, line, "unterminated string");
            }

            var c = text[_index++];
            if (c == quote)
            {
                return new PbtxtToken(PbtxtTokenKind.String, value.ToString(), line);
            }

            if (c == '\\' && _index < text.Length)
            {
                var e = text[_index++];
                value.Append(e switch { 'n' => '\n', 't' => '\t', 'r' => '\r', _ => e });
                continue;
            }

            value.Append(c);
        }
    }

    private void SkipSpaceAndComments()
    {
        while (_index < text.Length)
        {
            var c = text[_index];
            if (c == '\n')
            {
                _line++;
                _index++;
            }
            else if (char.IsWhiteSpace(c) || c == ',' || c == ';')
            {
                _index++;
            }
            else if (c == '#')
            {
                while (_index < text.Length && text[_index] != '\n')
                {
                    _index++;
                }
            }
            else
            {
                return;
            }
        }
    }
}
