using System.Globalization;

namespace Cluster.Formats.LabelMaps;

/// <summary>Reads <c>item { ... }</c> blocks; fields other than id, name and display_name are skipped, as the OD API ignores them here.</summary>
internal sealed class LabelMapParser(string text, string fileName)
{
    private readonly PbtxtTokenizer _tokens = new(text, fileName);

    public List<(LabelMapItem Item, int Line)> ParseItems()
    {
        var items = new List<(LabelMapItem, int)>();
        for (var token = _tokens.Next(); token.Kind != PbtxtTokenKind.End; token = _tokens.Next())
        {
            if (token is not { Kind: PbtxtTokenKind.Identifier, Text: "item" })
            {
                throw Error(token, $"expected 'item {{', found '{token.Text}'");
            }

            var open = _tokens.Next();
            if (open.Kind == PbtxtTokenKind.Colon)
            {
                open = _tokens.Next();
            }

            if (open.Kind != PbtxtTokenKind.Open)
            {
                throw Error(open, "expected '{' after 'item'");
            }

            items.Add((ParseItem(token.Line), token.Line));
        }

        return items;
    }

    private LabelMapItem ParseItem(int line)
    {
        int? id = null;
        string? name = null;
        string? displayName = null;
        for (var field = _tokens.Next(); field.Kind != PbtxtTokenKind.Close; field = _tokens.Next())
        {
            if (field.Kind != PbtxtTokenKind.Identifier)
            {
                throw Error(field, field.Kind == PbtxtTokenKind.End ? "the item is not closed with '}'" : $"expected a field name, found '{field.Text}'");
            }

            var next = _tokens.Next();
            if (next.Kind == PbtxtTokenKind.Open)
            {
                SkipBlock();
                continue;
            }

            var value = next.Kind == PbtxtTokenKind.Colon ? _tokens.Next() : throw Error(next, $"expected ':' after '{field.Text}'");
            if (value.Kind == PbtxtTokenKind.Open)
            {
                SkipBlock();
                continue;
            }

            switch (field.Text)
            {
                case "id":
                    id = value.Kind == PbtxtTokenKind.Number && int.TryParse(value.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed) && parsed >= 0
                        ? parsed
                        : throw Error(value, $"id must be a non-negative integer, found '{value.Text}'");
                    break;
                case "name":
                    name = Text(value, "name");
                    break;
                case "display_name":
                    displayName = Text(value, "display_name");
                    break;
            }
        }

        return id is null || name is null
            ? throw LabelMapFormatException.At(fileName, line, "an item needs both 'id' and 'name'")
            : new LabelMapItem(id.Value, name, displayName);
    }

    private string Text(PbtxtToken value, string field) =>
        value.Kind == PbtxtTokenKind.String ? value.Text : throw Error(value, $"{field} must be a quoted string, found '{value.Text}'");

    private void SkipBlock()
    {
        for (var depth = 1; depth > 0;)
        {
            var token = _tokens.Next();
            depth += token.Kind switch
            {
                PbtxtTokenKind.Open => 1,
                PbtxtTokenKind.Close => -1,
                PbtxtTokenKind.End => throw Error(token, "a block is not closed with '}'"),
                _ => 0,
            };
        }
    }

    private LabelMapFormatException Error(PbtxtToken at, string reason) => LabelMapFormatException.At(fileName, at.Line, reason);
}
