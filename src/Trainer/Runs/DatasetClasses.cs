using Cluster.Formats.LabelMaps;

namespace Cluster.Trainer.Runs;

/// <summary>The classes of a converted dataset: its <c>label_map.pbtxt</c> (ids from 1); the detector gets one heatmap per id up to the largest.</summary>
public sealed record DatasetClasses(LabelMap LabelMap)
{
    public const string FileName = "label_map.pbtxt";

    /// <summary>Heatmaps the detector needs: the largest id in the label map.</summary>
    public int Count => LabelMap.Items.Count == 0 ? 0 : LabelMap.Items.Max(i => i.Id);

    public string NameOf(int id) => LabelMap.NameOf(id) ?? $"class {id}";

    public static DatasetClasses Load(string folder)
    {
        var path = Path.Combine(Path.GetFullPath(folder), FileName);
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path} not found: --data must be a folder written by 'cluster convert'", path);
        var classes = new DatasetClasses(LabelMap.Load(path));
        return classes.Count > 0 ? classes : throw new InvalidDataException($"{path}: the label map has no classes");
    }
}
