using System.Text.Json.Nodes;
using Cluster.Formats.Datasets;
using Cluster.Formats.Images;
using Cluster.Formats.TfRecords;

namespace Cluster.Formats.Pipeline;

/// <summary>
/// The first stage: the dataset's shards, in an order shuffled per epoch with <c>seed + epoch</c> (or kept as listed).
/// Built from a list of files or from a dataset folder's <c>summary.json</c>. State: the epoch and the next position.
/// </summary>
public sealed class ShardSource : PipelineStage<ShardFile>
{
    private const string StageName = "shards";
    private readonly long _seed;
    private readonly bool _shuffleFiles;
    private ShardFile[] _order = [];
    private int _epoch;
    private int _next;

    public ShardSource(IReadOnlyList<ShardFile> shards, long seed, bool shuffleFiles = true, CorruptRecordPolicy onCorrupt = CorruptRecordPolicy.Fail, bool memoryMap = true)
        : base(null)
    {
        ArgumentNullException.ThrowIfNull(shards);
        for (var i = 0; i < shards.Count; i++)
        {
            ArgumentNullException.ThrowIfNull(shards[i], nameof(shards));
            if (shards[i].Index != i)
            {
                throw new ArgumentException($"shard {i} has Index {shards[i].Index}: shards must be listed in index order", nameof(shards));
            }
        }

        Shards = shards;
        Catalog = new ShardCatalog(shards, onCorrupt, memoryMap: memoryMap);
        _seed = seed;
        _shuffleFiles = shuffleFiles;
        Reset(0);
    }

    /// <summary>Every shard, in index order.</summary>
    public IReadOnlyList<ShardFile> Shards { get; }

    /// <summary>The shards' indexes, read handles, corrupt-record policy and tally; disposed with this source.</summary>
    public ShardCatalog Catalog { get; }

    /// <summary>The epoch being read.</summary>
    public int Epoch => _epoch;

    /// <summary>Shards from plain file paths, indexed in the order given.</summary>
    public static ShardSource FromFiles(IEnumerable<string> paths, long seed, bool shuffleFiles = true, CorruptRecordPolicy onCorrupt = CorruptRecordPolicy.Fail, bool memoryMap = true)
    {
        ArgumentNullException.ThrowIfNull(paths);
        return new ShardSource(paths.Select((p, i) => new ShardFile(i, Path.GetFullPath(p))).ToArray(), seed, shuffleFiles, onCorrupt, memoryMap);
    }

    /// <summary>
    /// Shards of a dataset folder: those its <c>summary.json</c> lists (paths relative to the folder, which they may not
    /// leave), else every <c>*.tfrecord</c> file in it (and GZIP/ZLIB <c>*.tfrecord.gz</c>, <c>*.tfrecord.zz</c>), sorted by name.
    /// </summary>
    public static ShardSource FromDataset(string folder, long seed, bool shuffleFiles = true, CorruptRecordPolicy onCorrupt = CorruptRecordPolicy.Fail, bool memoryMap = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        var root = Path.GetFullPath(folder);
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException(root);
        }

        if (File.Exists(Path.Combine(root, DatasetSummary.FileName)))
        {
            var summary = DatasetSummary.Load(root);
            var shards = summary.Shards.OrderBy(s => s.Index).Select((s, i) =>
                new ShardFile(i, Resolve(root, s.File), s.Records)).ToArray();
            return new ShardSource(shards, seed, shuffleFiles, onCorrupt, memoryMap);
        }

        string[] patterns = ["*.tfrecord", "*.tfrecord.gz", "*.tfrecord.zz"];
        var files = patterns.SelectMany(p => Directory.EnumerateFiles(root, p)).Order(StringComparer.Ordinal).ToArray();
        return files.Length > 0
            ? FromFiles(files, seed, shuffleFiles, onCorrupt, memoryMap)
            : throw new InvalidDataException($"{root}: no {DatasetSummary.FileName} and no *.tfrecord, *.tfrecord.gz or *.tfrecord.zz files");
    }

    public override ValueTask<bool> MoveNextAsync(CancellationToken ct = default)
    {
        if (_next >= _order.Length)
        {
            return ValueTask.FromResult(false);
        }

        Current = _order[_next++];
        return ValueTask.FromResult(true);
    }

    public override void Reset(int epoch)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        _epoch = epoch;
        _next = 0;
        _order = [.. Shards];
        if (_shuffleFiles)
        {
            new PipelineRandom(_seed + epoch).Shuffle(_order.AsSpan());
        }
    }

    public override PipelineState SaveState()
    {
        var (epoch, next) = (_epoch, _next);
        return PipelineState.Of(() => new JsonObject { ["stage"] = StageName, ["epoch"] = epoch, ["next"] = next });
    }

    public override void RestoreState(PipelineState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var json = state.Expect(StageName);
        Reset(PipelineState.Value<int>(json, "epoch"));
        var next = PipelineState.Value<int>(json, "next");
        _next = next >= 0 && next <= _order.Length ? next : throw new InvalidDataException($"shard position {next} is outside 0..{_order.Length}");
    }

    public override async ValueTask DisposeAsync()
    {
        Catalog.Dispose();
        await base.DisposeAsync().ConfigureAwait(false);
    }

    private static string Resolve(string root, string relative)
    {
        try
        {
            return ImagePathGuard.Resolve(root, relative);
        }
        catch (ImageRejectedException e)
        {
            throw new InvalidDataException($"{Path.Combine(root, DatasetSummary.FileName)}: shard '{relative}': {e.Detail}", e);
        }
    }
}
