namespace Cluster.Formats.Manifests;

/// <summary>Collects the rows of one image; the first row's stated size and line stand for the image.</summary>
internal sealed class CsvImageGroup
{
    private readonly List<ManifestBox> _boxes = [];
    private CsvRow? _first;

    public bool IsEmpty => _first is null;

    public bool Accepts(string fileName) => _first is null || _first.FileName == fileName;

    public void Add(CsvRow row)
    {
        _first ??= row;
        _boxes.Add(row.Box!);
    }

    public ManifestImage Take()
    {
        var first = _first ?? throw new InvalidOperationException("empty group");
        var image = new ManifestImage(first.FileName!, first.Width, first.Height, _boxes.ToArray(), first.Box!.Source);
        _boxes.Clear();
        _first = null;
        return image;
    }
}
