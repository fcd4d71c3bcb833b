using System.Text;

namespace Cluster.Formats.Manifests;

/// <summary>The images of a COCO file, held compactly for the whole read: ids, stated sizes and UTF-8 file names in
/// chunked flat storage (about 40 bytes per image, where objects and a dictionary took about 160, and no doubling
/// garbage while it grows), so the first pass's index stays small next to the streamed boxes. Ids are looked up by
/// binary search while they arrive in ascending order (as exporters write them), through a dictionary otherwise.</summary>
internal sealed class CocoImageTable
{
    private const int NotStated = -1;
    private const int NameChunk = 65536;

    private readonly ChunkedList<long> _ids = new();
    private readonly ChunkedList<int> _widths = new();
    private readonly ChunkedList<int> _heights = new();
    private readonly ChunkedList<long> _nameAt = new();
    private readonly List<byte[]> _nameChunks = [];
    private int _nameChunkUsed;
    private Dictionary<long, int>? _ordinalById;

    public int Count => _ids.Count;

    /// <summary>Adds the image under the next ordinal; false (nothing added) when its id is already present.</summary>
    public bool TryAdd(CocoImageEntry image)
    {
        if (TryGetOrdinal(image.Id, out _))
        {
            return false;
        }

        var nameAt = StoreName(image.FileName);
        if (_ordinalById is null && Count > 0 && image.Id < _ids[Count - 1])
        {
            _ordinalById = new Dictionary<long, int>(Count * 2);
            for (var i = 0; i < Count; i++)
            {
                _ordinalById.Add(_ids[i], i);
            }
        }

        _ordinalById?.Add(image.Id, Count);
        _nameAt.Add(nameAt);
        _widths.Add(image.Width ?? NotStated);
        _heights.Add(image.Height ?? NotStated);
        _ids.Add(image.Id);
        return true;
    }

    public bool TryGetOrdinal(long id, out int ordinal)
    {
        if (_ordinalById is not null)
        {
            return _ordinalById.TryGetValue(id, out ordinal);
        }

        int low = 0, high = Count - 1;
        while (low <= high)
        {
            var mid = low + ((high - low) / 2);
            var at = _ids[mid];
            if (at == id)
            {
                ordinal = mid;
                return true;
            }

            (low, high) = at < id ? (mid + 1, high) : (low, mid - 1);
        }

        ordinal = -1;
        return false;
    }

    public string FileNameOf(int ordinal)
    {
        var at = _nameAt[ordinal];
        var chunk = _nameChunks[(int)(at >> 40)];
        var start = (int)((at >> 20) & 0xFFFFF);
        return Encoding.UTF8.GetString(chunk, start, (int)(at & 0xFFFFF));
    }

    public CocoImageEntry this[int ordinal] => new(
        _ids[ordinal], FileNameOf(ordinal),
        _widths[ordinal] == NotStated ? null : _widths[ordinal],
        _heights[ordinal] == NotStated ? null : _heights[ordinal]);

    /// <summary>Copies the name into the current chunk (a new one when it does not fit; a name longer than a chunk gets
    /// one of its own) and returns chunk, start and length packed as 24, 20 and 20 bits.</summary>
    private long StoreName(string name)
    {
        var length = Encoding.UTF8.GetByteCount(name);
        if (length > 0xFFFFF)
        {
            throw new System.Text.Json.JsonException($"file_name is {length} bytes long; at most {0xFFFFF} are accepted");
        }

        if (_nameChunks.Count == 0 || _nameChunkUsed + length > _nameChunks[^1].Length)
        {
            _nameChunks.Add(new byte[Math.Max(NameChunk, length)]);
            _nameChunkUsed = 0;
        }

        var start = _nameChunkUsed;
        Encoding.UTF8.GetBytes(name, _nameChunks[^1].AsSpan(start));
        _nameChunkUsed += length;
        return ((long)(_nameChunks.Count - 1) << 40) | ((long)start << 20) | (uint)length;
    }
}
