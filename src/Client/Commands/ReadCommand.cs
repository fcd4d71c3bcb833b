using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Cluster.Formats.Examples;
using Cluster.Formats.Pipeline;
using Cluster.Formats.TfRecords;

namespace Cluster.Client.Commands;

/// <summary>
/// <c>cluster read --data DIR --batch B --seed S [--rank r --world W] [--epochs E] [--cycle C --block K --buffer N] [--ids]
/// [--drop-last] [--skip-corrupt]</c>: runs the interleaving reader in-process. Throughput per epoch on stderr; with
/// <c>--ids</c>, each batch's source_ids on stdout, one batch per line. Exit 3 on data loss: a corrupt record stops the
/// read, or with <c>--skip-corrupt</c> is skipped, counted and reported at the end.
/// </summary>
public sealed class ReadCommand : IVerb
{
    public Command Build(CliContext context)
    {
        var data = new Option<string>("--data") { Description = "dataset folder: its summary.json, else its *.tfrecord files", Required = true };
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
        var command = new Command("read", "stream batches through the interleaving reader; throughput on stderr")
        {
            data, batch, seed, rank, world, epochs, cycle, block, buffer, ids, dropLast, skipCorrupt,
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
            var epochCount = parse.GetValue(epochs);
            try
            {
                options.Validated();
                ArgumentOutOfRangeException.ThrowIfLessThan(epochCount, 1, "--epochs");
            }
            catch (ArgumentException e)
            {
                throw new UsageException(e.Message);
            }

            return await RunAsync(context, parse.GetRequiredValue(data), options, epochCount, parse.GetValue(ids), ct).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, string folder, ReaderOptions options, int epochs, bool printIds, CancellationToken ct)
    {
        await using var reader = ReaderPipeline.Open(folder, options, out var catalog);
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            reader.Reset(epoch);
            var clock = Stopwatch.StartNew();
            long batches = 0, records = 0, bytes = 0;
            while (await reader.MoveNextAsync(ct).ConfigureAwait(false))
            {
                using var current = reader.Current;
                batches++;
                records += current.Count;
                bytes += current.Records.Sum(r => (long)r.Data.Length);
                if (printIds)
                {
                    await context.Out.WriteLineAsync(string.Join(' ', current.Records.Select(r => DetectionExample.Parse(r.Data.Span).SourceId))).ConfigureAwait(false);
                }
            }

            var seconds = Math.Max(clock.Elapsed.TotalSeconds, 1e-9);
            await context.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"epoch {epoch}: rank {options.Rank} of {options.World}: {batches} batches, {records} records, {bytes / 1e6:F1} MB in {seconds:F2} s: {records / seconds:F0} records/s, {bytes / 1e6 / seconds:F1} MB/s")).ConfigureAwait(false);
        }

        var tally = catalog.Tally;
        if (tally.SkippedRecords == 0)
        {
            return ExitCodes.Ok;
        }

        foreach (var loss in tally.Losses)
        {
            await context.Error.WriteLineAsync($"skipped {loss.Records} record(s) at offset {loss.Offset} in {loss.File}: {loss.Reason}").ConfigureAwait(false);
        }

        await context.Error.WriteLineAsync($"error: data loss: {tally.SkippedRecords} record(s), {tally.SkippedBytes} bytes skipped (--skip-corrupt)").ConfigureAwait(false);
        return ExitCodes.DataLoss;
    }
}
