using System.CommandLine;
using Cluster.Client;
using Cluster.Trainer.Runs;

namespace Cluster.Trainer.Commands;

/// <summary>
/// <c>cluster eval --data DIR --checkpoint FILE [--out DIR] [--batch B]</c>: mAP@0.5 (PASCAL VOC all-point AP) per class
/// and overall on a converted folder, on stdout; with --out, the first images drawn with predicted (class colours) and
/// true (white) boxes as PNGs, their paths on stdout.
/// </summary>
public sealed class EvalCommand : IVerb
{
    public Command Build(CliContext context)
    {
        var data = new Option<string>("--data") { Description = "folder written by 'cluster convert' (held-out images)", Required = true };
        var checkpoint = new Option<string>("--checkpoint") { Description = "checkpoint written by 'cluster train'", Required = true };
        var output = new Option<string?>("--out") { Description = "folder for preview PNGs (default: none drawn)" };
        var batch = new Option<int>("--batch") { Description = "images per forward pass", DefaultValueFactory = _ => 32 };
        var command = new Command("eval", "mAP@0.5 of a checkpoint on converted shards, with preview images") { data, checkpoint, output, batch };
        command.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(batch) < 1)
                throw new UsageException("--batch must be at least 1");
            var folder = parse.GetRequiredValue(data);
            var previews = parse.GetValue(output) is { } o ? Path.Combine(Path.GetFullPath(o), "previews") : null;
            var report = await ShardEvaluation.RunAsync(folder, parse.GetRequiredValue(checkpoint), previews, parse.GetValue(batch), ct).ConfigureAwait(false);
            await ShardEvaluation.WriteAsync(context.Out, report, DatasetClasses.Load(folder)).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }
}
