using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Cluster.Client.Conversion;
using Cluster.Formats.Examples;
using Cluster.Formats.Pipeline;
using Cluster.Formats.TfRecords;
using Cluster.Grains.Reading;

namespace Cluster.Client.Commands;

/// <summary>
/// <c>cluster read --data DIR --batch B --seed S [--rank r --world W] [--epochs E] [--cycle C --block K --buffer N] [--ids]
/// [--drop-last] [--skip-corrupt] [--stop-after B --state-out FILE] [--resume FILE] [--cluster HOST:PORT]</c>: runs the
/// interleaving reader in-process, or with <c>--cluster</c> reads through the cluster's reader grains (one per epoch for
/// this rank, the same batches as in-process; DIR as the silos see it); a run stopped with its state saved continues exactly where it stopped. Throughput per epoch on stderr; with
/// <c>--ids</c>, each batch's source_ids on stdout, one batch per line. Exit 3 on data loss: a corrupt record stops the
/// read, or with <c>--skip-corrupt</c> is skipped, counted and reported at the end.
/// </summary>
public sealed class ReadCommand : IVerb
{
    public Command Build(CliContext context)
    {
        var data = new Option<string>("--data") { Description = "dataset folder: its summary.json, else its *.tfrecord (and .tfrecord.gz/.zz) files", Required = true };
        var batch = new Option<int>("--batch") { Description = "records per batch", Required = true };
        var seed = new Option<long>("--seed") { Description = "seed of the file order, the shuffle and the rank split", Required = true };
        var rank = new Option<int>("--rank") { Description = "this reader's rank (0-based)", DefaultValueFactory = _ => 0 };
        var world = new Option<int>("--world") { Description = "number of ranks; each record goes to exactly one per epoch", DefaultValueFactory = _ => 1 };
        var epochs = new Option<int>("--epochs") { Description = "epochs to read", DefaultValueFactory = _ => 1 };
        var cycle = new Option<int>("--cycle") { Description = "interleave: shards open at once", DefaultValueFactory = _ => 4 };
        var block = new Option<int>("--block") { Description = "interleave: records taken from a shard in turn", DefaultValueFactory = _ => 1 };
        var buffer = new Option<int>("--buffer") { Description = "shuffle buffer, in records", DefaultValueFactory = _ => 1024 };
        var ids = new Option<bool>("--ids") { Description = "print each batch's record ids (image/source_id) on stdout, one batch per line" };
        var dropLast = new Option<bool>("--drop-last") { Description = "drop the records that do not fill a last row of ranks and a last full batch (default: pad ranks with repeats, keep a short last batch)" };
        var skipCorrupt = new Option<bool>("--skip-corrupt") { Description = "skip corrupt records and count them (exit 3 at the end) instead of stopping at the first" };
        var stopAfter = new Option<long?>("--stop-after") { Description = "stop after this many batches (e.g. to save the state mid-epoch)" };
        var stateOut = new Option<string?>("--state-out") { Description = "write the reader's state (JSON) to this file when it stops" };
        var resume = new Option<string?>("--resume") { Description = "continue from a state written by --state-out (same data and flags)" };
        var cluster = new Option<string?>("--cluster") { Description = "read through the reader grains of a running cluster, HOST:PORT[,HOST:PORT...] (default: in-process)" };
        var command = new Command("read", "stream batches through the interleaving reader; throughput on stderr")
        {
            data, batch, seed, rank, world, epochs, cycle, block, buffer, ids, dropLast, skipCorrupt, stopAfter, stateOut, resume, cluster,
        };
        command.SetAction(async (parse, ct) =>
        {
            var options = new ReaderOptions
            {
                Seed = parse.GetValue(seed),
                BatchSize = parse.GetValue(batch),
                Rank = parse.GetValue(rank),
                World = parse.GetValue(world),
                CycleLength = parse.GetValue(cycle),
                BlockLength = parse.GetValue(block),
                ShuffleBuffer = parse.GetValue(buffer),
                DropRemainder = parse.GetValue(dropLast),
                Balance = parse.GetValue(dropLast) ? RankBalance.DropLast : RankBalance.Pad,
                OnCorrupt = parse.GetValue(skipCorrupt) ? CorruptRecordPolicy.Skip : CorruptRecordPolicy.Fail,
            };
            var run = new Run(parse.GetRequiredValue(data), options, parse.GetValue(epochs), parse.GetValue(ids), parse.GetValue(stopAfter), parse.GetValue(stateOut), parse.GetValue(resume), parse.GetValue(cluster));
            try
            {
                options.Validated();
                if (run.Epochs < 1 || run.StopAfter < 0)
                {
                    throw new ArgumentException("--epochs must be at least 1 and --stop-after at least 0");
                }
            }
            catch (ArgumentException e)
            {
                throw new UsageException(e.Message);
            }

            return await RunAsync(context, run, ct).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, Run run, CancellationToken ct)
    {
        if (run.Cluster is { } cluster)
        {
            await using var connection = await ClusterConnection.OpenAsync(cluster, ct).ConfigureAwait(false);
            await using var remote = new ClusterReader(connection.Grains, Path.GetFullPath(run.Folder), run.Options);
            return await ReadAsync(context, run, remote, () => remote.Epoch, () => remote.Losses, ct).ConfigureAwait(false);
        }

        var options = run.Options;
        var source = ShardSource.FromDataset(run.Folder, options.Seed, options.ShuffleFiles, options.OnCorrupt, options.MemoryMap);
        await using var reader = ReaderPipeline.Build(source, options);
        return await ReadAsync(context, run, reader, () => source.Epoch, () => source.Catalog.Tally.Losses, ct).ConfigureAwait(false);
    }

    /// <summary>Reads the epochs from <paramref name="reader"/>; <paramref name="epoch"/> and <paramref name="losses"/> say where it stands.</summary>
    private static async Task<int> ReadAsync(CliContext context, Run run, PipelineStage<RecordBatch> reader, Func<int> epoch, Func<IReadOnlyList<ReadLoss>> losses, CancellationToken ct)
    {
        var options = run.Options;
        var first = 0;
        if (run.Resume is { } resume)
        {
            reader.RestoreState(PipelineState.Parse(await File.ReadAllTextAsync(resume, ct).ConfigureAwait(false)));
            first = epoch();
        }

        var total = 0L;
        for (var e = first; e < run.Epochs && total != run.StopAfter; e++)
        {
            if (run.Resume is null || e != first)
            {
                reader.Reset(e);
            }

            var clock = Stopwatch.StartNew();
            long batches = 0, records = 0, bytes = 0;
            while (total != run.StopAfter && await reader.MoveNextAsync(ct).ConfigureAwait(false))
            {
                using var current = reader.Current;
                total++;
                batches++;
                records += current.Count;
                bytes += current.Records.Sum(r => (long)r.Data.Length);
                if (run.PrintIds)
                {
                    await context.Out.WriteLineAsync(string.Join(' ', current.Records.Select(r => DetectionExample.Parse(r.Data.Span).SourceId))).ConfigureAwait(false);
                }
            }

            var seconds = Math.Max(clock.Elapsed.TotalSeconds, 1e-9);
            await context.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"epoch {e}: rank {options.Rank} of {options.World}: {batches} batches, {records} records, {bytes / 1e6:F1} MB in {seconds:F2} s: {records / seconds:F0} records/s, {bytes / 1e6 / seconds:F1} MB/s")).ConfigureAwait(false);
        }

        if (run.StateOut is { } stateOut)
        {
            await WriteAtomicallyAsync(stateOut, reader.SaveState().ToJsonString(), ct).ConfigureAwait(false);
        }

        var skipped = losses();
        if (skipped.Sum(l => l.Records) == 0)
        {
            return ExitCodes.Ok;
        }

        foreach (var loss in skipped)
        {
            await context.Error.WriteLineAsync($"skipped {loss.Records} record(s) at offset {loss.Offset} in {loss.File}: {loss.Reason}").ConfigureAwait(false);
        }

        await context.Error.WriteLineAsync($"error: data loss: {skipped.Sum(l => l.Records)} record(s), {skipped.Sum(l => l.Bytes)} bytes skipped (--skip-corrupt)").ConfigureAwait(false);
        return ExitCodes.DataLoss;
    }

    private static async Task WriteAtomicallyAsync(string path, string text, CancellationToken ct)
    {
        var full = Path.GetFullPath(path);
        var temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            await File.WriteAllTextAsync(temp, text, ct).ConfigureAwait(false);
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private sealed record Run(string Folder, ReaderOptions Options, int Epochs, bool PrintIds, long? StopAfter, string? StateOut, string? Resume, string? Cluster);
}
