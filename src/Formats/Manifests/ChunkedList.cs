namespace Cluster.Formats.Manifests;

/// <summary>An append-only list stored in fixed chunks of 64 KiB: growing it never copies, never leaves a doubled
/// array behind as garbage and never touches the large-object heap, so its peak memory is its size.</summary>
internal sealed class ChunkedList<T>
    where T : unmanaged
{
    private static readonly int ChunkLength = 65536 / System.Runtime.CompilerServices.Unsafe.SizeOf<T>();

    private readonly List<T[]> _chunks = [];

    public int Count { get; private set; }

    public T this[int index]
    {
        get => _chunks[index / ChunkLength][index % ChunkLength];
        set => _chunks[index / ChunkLength][index % ChunkLength] = value;
    }

    public void Add(T value)
    {
        if (Count == _chunks.Count * ChunkLength)
        {
            _chunks.Add(new T[ChunkLength]);
        }

        this[Count++] = value;
    }
}
