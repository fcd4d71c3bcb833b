using System.Globalization;
using System.Text;

namespace Cluster.Formats.LabelMaps;

/// <summary>A TF Object Detection API label map (<c>label_map.pbtxt</c>): class ids and names, both unique.</summary>
public sealed class LabelMap
{
    private readonly Dictionary<string, int> _idsByName;
    private readonly Dictionary<int, LabelMapItem> _itemsById;

    private LabelMap(IReadOnlyList<LabelMapItem> items, Dictionary<string, int> idsByName, Dictionary<int, LabelMapItem> itemsById)
    {
        Items = items;
        _idsByName = idsByName;
        _itemsById = itemsById;
    }

    /// <summary>The items in file order.</summary>
    public IReadOnlyList<LabelMapItem> Items { get; }

    /// <summary>Builds a map from items; duplicate ids or names, or a negative id, throw <see cref="ArgumentException"/>.</summary>
    public static LabelMap FromItems(IEnumerable<LabelMapItem> items) =>
        Build(items.Select(i => (i, 0)), "label map", (line, reason) => new ArgumentException(reason, nameof(items)));

    /// <summary>Ids from 1 in ordinal order of the distinct names: the same classes always get the same ids.</summary>
    public static LabelMap FromSortedNames(IEnumerable<string> names) =>
        FromItems(names.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select((n, i) => new LabelMapItem(i + 1, n)));

    /// <summary>Parses pbtxt text; errors name <paramref name="fileName"/> and the line.</summary>
    public static LabelMap Parse(string text, string fileName)
    {
        ArgumentNullException.ThrowIfNull(text);
        var items = new LabelMapParser(text, fileName).ParseItems();
        return Build(items, fileName, (line, reason) => LabelMapFormatException.At(fileName, line, reason));
    }

    /// <summary>Reads and parses a <c>label_map.pbtxt</c>.</summary>
    public static LabelMap Load(string path) => Parse(File.ReadAllText(path), path);

    public int? IdOf(string name) => _idsByName.TryGetValue(name, out var id) ? id : null;

    public string? NameOf(int id) => _itemsById.TryGetValue(id, out var item) ? item.Name : null;

    /// <summary>The OD API text format, one <c>item { }</c> block per class.</summary>
    public string ToPbtxt()
    {
        var text = new StringBuilder();
        foreach (var item in Items)
        {
            text.Append("item {\n");
            text.Append(CultureInfo.InvariantCulture, $"  id: {item.Id}\n");
            text.Append(CultureInfo.InvariantCulture, $"  name: '{Escape(item.Name)}'\n");
            if (item.DisplayName is not null)
            {
                text.Append(CultureInfo.InvariantCulture, $"  display_name: '{Escape(item.DisplayName)}'\n");
            }

            text.Append("}\n\n");
        }

        return text.ToString();
    }

    /// <summary>Writes <see cref="ToPbtxt"/> to <paramref name="path"/> atomically (temporary file, then rename).</summary>
    public void Save(string path)
    {
        var full = Path.GetFullPath(path);
        var temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            File.WriteAllText(temp, ToPbtxt(), new UTF8Encoding(false));
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal);

    private static LabelMap Build(IEnumerable<(LabelMapItem Item, int Line)> items, string source, Func<int, string, Exception> error)
    {
        var list = new List<LabelMapItem>();
        var idsByName = new Dictionary<string, int>(StringComparer.Ordinal);
        var itemsById = new Dictionary<int, LabelMapItem>();
        foreach (var (item, line) in items)
        {
            if (item.Id < 0)
            {
                throw error(line, $"{source}: id {item.Id} of '{item.Name}' is negative");
            }

            if (!itemsById.TryAdd(item.Id, item))
            {
                throw error(line, $"id {item.Id} is used by both '{itemsById[item.Id].Name}' and '{item.Name}'");
            }

            if (!idsByName.TryAdd(item.Name, item.Id))
            {
                throw error(line, $"name '{item.Name}' appears twice (ids {idsByName[item.Name]} and {item.Id})");
            }

            list.Add(item);
        }

        return new LabelMap(list, idsByName, itemsById);
    }
}
