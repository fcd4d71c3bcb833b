using System.CommandLine;
using Cluster.Client.Conversion;
using Cluster.Formats.Manifests;
using Cluster.Formats.Telemetry;
using Cluster.Telemetry;
using Cluster.Grains;
using Cluster.Grains.Storage;

namespace Cluster.Client.Commands;

/// <summary>
/// <c>cluster convert</c>: turns a dataset into sharded TFRecords on an embedded silo, or on a running cluster with
/// <c>--cluster</c>. Exit 0 done, 1 failed, 2 usage, 4 more rows quarantined than <c>--max-quarantined</c>, 130 when
/// watching was interrupted (on a cluster the job keeps running; embedded, the same command finishes it later).
/// </summary>
public sealed class ConvertCommand : IVerb
{
    public Command Build(CliContext context)
    {
        var format = new Option<string>("--format") { Description = "annotation format", Required = true };
        format.AcceptOnlyFromAmong("csv", "voc", "coco", "yolo");
        var manifest = new Option<string>("--manifest") { Description = "the CSV file, VOC folder or ImageSets list, COCO JSON, or YOLO dataset", Required = true };
        var images = new Option<string?>("--images") { Description = "folder (or az://CONTAINER/PREFIX) the manifest's image paths are relative to (default: guessed from the manifest's layout)" };
        var output = new Option<string>("--out") { Description = "output folder, or az://CONTAINER/PREFIX, for shards, label_map.pbtxt, summary.json, quarantine.jsonl", Required = true };
        var shards = new Option<int>("--shards") { Description = "number of shards", Required = true };
        shards.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 1 or > 99_999) r.AddError("--shards must be 1-99999"); });
        var seed = new Option<long>("--seed") { Description = "seed of the shard assignment and order", DefaultValueFactory = _ => 0 };
        var compression = new Option<string>("--compression") { Description = "shard compression", DefaultValueFactory = _ => "none" };
        compression.AcceptOnlyFromAmong("none", "gzip");
        var maxSide = new Option<int?>("--max-side") { Description = "resize images whose longer side exceeds PX pixels" };
        maxSide.Validators.Add(r => { if (r.GetValueOrDefault<int?>() is <= 0) r.AddError("--max-side must be positive"); });
        var boxFrame = new Option<string>("--box-frame") { Description = "frame of the boxes on EXIF-rotated images", DefaultValueFactory = _ => "auto" };
        boxFrame.AcceptOnlyFromAmong("auto", "displayed", "stored");
        var maxQuarantined = new Option<long?>("--max-quarantined") { Description = "exit 4 when more rows than this are quarantined" };
        var labelMap = new Option<string?>("--label-map") { Description = "label_map.pbtxt to use (default: ids from 1 in sorted class-name order)" };
        var name = new Option<string>("--name") { Description = "shard file prefix", DefaultValueFactory = _ => "data" };
        var job = new Option<string?>("--job") { Description = "job id (default: NAME-HASH of the settings, so the same command resumes the same job)" };
        var cluster = new Option<string?>("--cluster") { Description = "gateways of a running cluster, HOST:PORT[,HOST:PORT...] (default: an embedded silo)" };
        var noWait = new Option<bool>("--no-wait") { Description = "with --cluster: start the job, print its id and exit" };
        var consoleTelemetry = new Option<bool>(TelemetrySwitches.ConsoleTelemetry) { Description = "also print spans, metrics and logs to stdout (export otherwise follows OTEL_*)" };

        var command = new Command("convert", "turn a dataset into sharded TFRecords")
        {
            format, manifest, images, output, shards, seed, compression, maxSide, boxFrame, maxQuarantined, labelMap, name, job, cluster, noWait, consoleTelemetry,
        };
        command.SetAction(async (parse, ct) =>
        {
            var clusterAddress = parse.GetValue(cluster);
            if (parse.GetValue(noWait) && clusterAddress is null)
            {
                throw new UsageException("--no-wait needs --cluster: an embedded silo ends with this process");
            }

            var spec = SpecOf(parse.GetRequiredValue(format), parse.GetRequiredValue(manifest), parse.GetValue(images), parse.GetRequiredValue(output),
                parse.GetValue(shards), parse.GetValue(seed), parse.GetRequiredValue(compression), parse.GetValue(maxSide), parse.GetRequiredValue(boxFrame),
                parse.GetValue(labelMap), parse.GetRequiredValue(name), embedded: clusterAddress is null);
            var jobId = parse.GetValue(job) ?? JobIds.For(spec);
            await using var connection = await ClusterConnection.OpenAsync(clusterAddress, parse.GetValue(consoleTelemetry), ct).ConfigureAwait(false);

            // Started once telemetry is up, and ended before the connection closes (which flushes the exporters):
            // the trace holds this span, the grain calls, the job span and its shard and batch spans.
            using var span = ConversionSpans.StartConvertCommand(jobId, spec.Format, spec.ShardCount);
            if (span is not null)
            {
                await context.Error.WriteLineAsync($"job {jobId}: trace {span.TraceId.ToHexString()}").ConfigureAwait(false);
            }

            var grain = connection.Grains.GetGrain<IConversionJobGrain>(jobId);
            await grain.StartAsync(spec).WaitAsync(ct).ConfigureAwait(false);
            if (parse.GetValue(noWait))
            {
                await context.Out.WriteLineAsync(jobId).ConfigureAwait(false);
                return ExitCodes.Ok;
            }

            var exit = await JobFollow.FollowAsync(grain, jobId, connection.Embedded, parse.GetValue(maxQuarantined), context, ct).ConfigureAwait(false);
            if (exit != ExitCodes.Ok)
            {
                span.RecordFailure($"exit_{exit}", $"cluster convert exited with {exit}");
            }

            return exit;
        });
        return command;
    }

    private static ConversionJobSpec SpecOf(string format, string manifest, string? images, string output, int shards, long seed,
        string compression, int? maxSide, string boxFrame, string? labelMap, string name, bool embedded)
    {
        var manifestPath = Path.GetFullPath(manifest);
        if (!File.Exists(manifestPath) && !Directory.Exists(manifestPath))
        {
            throw new FileNotFoundException($"manifest not found: {manifestPath}", manifestPath);
        }

        var labelMapPath = labelMap is null ? null : Path.GetFullPath(labelMap);
        if (labelMapPath is not null && !File.Exists(labelMapPath))
        {
            throw new FileNotFoundException($"label map not found: {labelMapPath}", labelMapPath);
        }

        var manifestFormat = Enum.Parse<ManifestFormat>(format, ignoreCase: true);
        var outputDir = LocationOf("--out", output, embedded);
        if (!StorageLocation.LooksLikeBlob(outputDir))
        {
            Directory.CreateDirectory(outputDir);
        }

        return new ConversionJobSpec
        {
            Format = format,
            ManifestPath = manifestPath,
            ImagesRoot = images is null ? Path.GetFullPath(ManifestReaders.DefaultImagesRoot(manifestFormat, manifestPath)) : LocationOf("--images", images, embedded),
            OutputDir = outputDir,
            ShardCount = shards,
            Seed = seed,
            Compression = compression,
            MaxSide = maxSide,
            BoxFrame = boxFrame,
            LabelMapPath = labelMapPath,
            Name = name,
        };
    }

    /// <summary>A folder's full path, or a Blob location's canonical <c>az://CONTAINER/PREFIX</c>. Embedded, the silo is
    /// this process: a Blob location needs the connection string in this environment (a running cluster's silos have theirs).</summary>
    private static string LocationOf(string option, string text, bool embedded)
    {
        try
        {
            var location = StorageLocation.Parse(text);
            if (location.IsBlob && embedded)
            {
                _ = BlobConnection.ContainerOf(location, null);
            }

            return location.ToString();
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"{option}: {e.Message}");
        }
    }
}
