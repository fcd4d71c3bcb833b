using System.Text;

namespace Cluster.Formats.Manifests;

/// <summary>The images of a COCO file, held compactly for the whole read: ids, stated sizes and UTF-8 file names in
/// flat arrays (about 40 bytes per image, where objects and a dictionary took about 160), so the first pass's index
/// stays small next to the streamed boxes. Ids are looked up by binary search while they arrive in ascending order
/// (as exporters write them), through a dictionary otherwise.</summary>
internal sealed class CocoImageTable
{
    private const int NotStated = -1;

    private long[] _ids = new long[256];
    private int[] _widths = new int[256];
    private int[] _heights = new int[256];
    private int[] _nameEnds = new int[256];
    private byte[] _names = new byte[8 * 1024];
    private Dictionary<long, int>? _ordinalById;

    public int Count { get; private set; }

    /// <summary>Adds the image under the next ordinal; false (nothing added) when its id is already present.</summary>
    public bool TryAdd(CocoImageEntry image)
    {
        if (TryGetOrdinal(image.Id, out _))
        {
            return false;
        }

        if (_ordinalById is null && Count > 0 && image.Id < _ids[Count - 1])
        {
            _ordinalById = new Dictionary<long, int>(Count * 2);
            for (var i = 0; i < Count; i++)
            {
                _ordinalById.Add(_ids[i], i);
            }
        }

        if (Count == _ids.Length)
        {
            var size = Count * 2;
            Array.Resize(ref _ids, size);
            Array.Resize(ref _widths, size);
            Array.Resize(ref _heights, size);
            Array.Resize(ref _nameEnds, size);
        }

        var start = Count == 0 ? 0 : _nameEnds[Count - 1];
        var length = Encoding.UTF8.GetByteCount(image.FileName);
        if (start + length > _names.Length)
        {
            Array.Resize(ref _names, Math.Max(_names.Length * 2, start + length));
        }

        Encoding.UTF8.GetBytes(image.FileName, _names.AsSpan(start));
        _ids[Count] = image.Id;
        _widths[Count] = image.Width ?? NotStated;
        _heights[Count] = image.Height ?? NotStated;
        _nameEnds[Count] = start + length;
        _ordinalById?.Add(image.Id, Count);
        Count++;
        return true;
    }

    public bool TryGetOrdinal(long id, out int ordinal)
    {
        if (_ordinalById is not null)
        {
            return _ordinalById.TryGetValue(id, out ordinal);
        }

        ordinal = Array.BinarySearch(_ids, 0, Count, id);
        return ordinal >= 0;
    }

    public string FileNameOf(int ordinal)
    {
        var start = ordinal == 0 ? 0 : _nameEnds[ordinal - 1];
        return Encoding.UTF8.GetString(_names, start, _nameEnds[ordinal] - start);
    }

    public CocoImageEntry this[int ordinal] => new(
        _ids[ordinal], FileNameOf(ordinal),
        _widths[ordinal] == NotStated ? null : _widths[ordinal],
        _heights[ordinal] == NotStated ? null : _heights[ordinal]);
}
