using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Cluster.Formats.Pipeline;
using Cluster.Formats.TfRecords;
using Cluster.Grains.Reading;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;

namespace Cluster.Bench;

/// <summary>
/// <c>reader-grain</c>: one rank's epoch read in-process (<see cref="ReaderPipeline"/>) and through a reader grain on a
/// <c>cluster-silo</c> process over loopback (<see cref="ClusterReader"/>), same data and options, side by side:
/// records/s, MB/s and the ratio. Writes bench/results/reader-grain.md.
/// </summary>
internal static class ReaderGrainBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = new BenchOptions(args);
        var shards = options.Int("--shards", 8);
        var records = options.Int("--records", 4000);
        var size = options.Int("--size", 64 * 1024);
        var rounds = options.Int("--rounds", 3);
        var batch = options.Int("--batch", 32);
        var output = options.String("--out", Path.Combine(BenchPaths.Results, "reader-grain.md"));
        var folder = Path.Combine(BenchPaths.Scratch, "reader-grain");
        try
        {
            var bytes = WriteShards(folder, shards, records, size);
            Console.Error.WriteLine($"reader-grain: {records} records of ~{size} bytes in {shards} shards ({bytes >> 20} MiB)");
            var reader = new ReaderOptions { Seed = 1, BatchSize = batch };
            var clusterId = $"bench-reader-{Guid.NewGuid():N}"[..24];
            using var silo = await BenchSilo.StartAsync(clusterId, null);
            using var client = await ConnectAsync(silo.GatewayPort, clusterId);
            var grains = client.Services.GetRequiredService<IGrainFactory>();
            using var cohosted = await StartCohostedAsync();
            var local = cohosted.Services.GetRequiredService<IGrainFactory>();
            var rows = new List<(string Path, int Calls, double Seconds)>();
            for (var round = 0; round < rounds; round++)
            {
                rows.Add(("in-process", 0, await TimeAsync(ReaderPipeline.Open(folder, reader, out _), records)));
                foreach (var calls in new[] { 1, 4, 16 })
                {
                    rows.Add(("grain", calls, await TimeAsync(new ClusterReader(grains, folder, reader, calls), records)));
                }

                rows.Add(("grain, co-hosted silo", 1, await TimeAsync(new ClusterReader(local, folder, reader, 1), records)));
            }

            var text = Render(rows, records, size, shards, batch, bytes);
            await File.WriteAllTextAsync(output, text);
            Console.WriteLine(text);
            Console.Error.WriteLine($"written to {output}");
            await client.StopAsync();
            await cohosted.StopAsync();
            return 0;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>A silo in this process (as a trainer that hosts one): <c>[PreferLocalPlacement]</c> puts its readers here.</summary>
    private static async Task<IHost> StartCohostedAsync()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        var id = $"bench-cohost-{Guid.NewGuid():N}"[..24];
        var settings = new Cluster.Silo.SiloSettings { SiloPort = BenchSilo.FreePort(), GatewayPort = BenchSilo.FreePort(), ClusterId = id, ServiceId = id };
        builder.UseOrleans(silo => Cluster.Silo.SiloSetup.Apply(silo, settings));
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    private static async Task<IHost> ConnectAsync(int gatewayPort, string clusterId)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleansClient(client => client
            .UseStaticClustering(new IPEndPoint(IPAddress.Loopback, gatewayPort))
            .Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (clusterId, "cluster")));
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    /// <summary>Seconds to read one epoch of <paramref name="reader"/> (disposed after), checking the record count.</summary>
    private static async Task<double> TimeAsync(PipelineStage<RecordBatch> reader, int expected)
    {
        await using (reader)
        {
            GC.Collect();
            var clock = Stopwatch.StartNew();
            var count = 0;
            while (await reader.MoveNextAsync())
            {
                using var batch = reader.Current;
                count += batch.Count;
            }

            return count == expected ? clock.Elapsed.TotalSeconds : throw new InvalidOperationException($"read {count} records, expected {expected}");
        }
    }

    private static long WriteShards(string folder, int shards, int records, int size)
    {
        Directory.CreateDirectory(folder);
        var random = new Random(1);
        var payloads = Enumerable.Range(0, 16).Select(_ => { var p = new byte[random.Next(size / 2, size * 3 / 2)]; random.NextBytes(p); return p; }).ToArray();
        var total = 0L;
        for (var s = 0; s < shards; s++)
        {
            var file = Path.Combine(folder, ShardNames.Format("bench", s, shards));
            using (var writer = TfRecordWriter.Create(file))
            {
                for (var i = s; i < records; i += shards)
                {
                    writer.Write(payloads[i % payloads.Length]);
                }
            }

            total += new FileInfo(file).Length;
        }

        return total;
    }

    private static string Render(List<(string Path, int Calls, double Seconds)> rows, int records, int size, int shards, int batch, long bytes)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"# Reader grain vs in-process reader");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"`dotnet run -c Release --project bench/Cluster.Bench -- reader-grain`: one epoch of rank 0 of 1, {records} records of ~{size / 1024} KiB in {shards} shards ({bytes / 1e6:F0} MB), batch {batch}, interleave 4, shuffle 1024, prefetch 4; the grain on a `cluster-silo` process (Development) over loopback, or on a silo in the reading process itself, {Environment.ProcessorCount} cores shared; median of {rows.Count(r => r.Path == "in-process")} rounds, page cache warm.");
        text.AppendLine();
        text.AppendLine("| path | batches per call | records/s | MB/s | ratio to in-process |");
        text.AppendLine("|---|---:|---:|---:|---:|");
        var local = Median(rows.Where(r => r.Path == "in-process").Select(r => r.Seconds));
        foreach (var group in rows.GroupBy(r => (r.Path, r.Calls)))
        {
            var seconds = Median(group.Select(r => r.Seconds));
            text.AppendLine(CultureInfo.InvariantCulture, $"| {group.Key.Path} | {(group.Key.Calls == 0 ? "-" : group.Key.Calls.ToString(CultureInfo.InvariantCulture))} | {records / seconds:F0} | {bytes / 1e6 / seconds:F1} | {local / seconds:F2}× |");
        }

        return text.ToString();
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }
}
