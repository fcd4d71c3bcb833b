using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Cluster.Silo.Tests.Chaos;

/// <summary>Writes the chaos runs as a markdown table (bench/results/chaos.md when run by tests/chaos.sh).</summary>
internal static class ChaosResultsFile
{
    public static void Write(string path, ChaosCluster cluster)
    {
        var results = cluster.Results;
        var md = new StringBuilder();
        md.AppendLine("# Chaos runs");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Written by `tests/chaos.sh` on {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC ({Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}).");
        md.AppendLine(CultureInfo.InvariantCulture, $"{ChaosCluster.SiloCount} `cluster-silo` processes on loopback, Azure Table clustering and job storage on Azurite (data in a temp `--location`).");
        md.AppendLine(CultureInfo.InvariantCulture, $"Job: {ChaosCluster.Images} noise JPEGs (320x240, resized to 160) from a CSV manifest into {ChaosCluster.Shards} shards; clean reference run {Seconds(cluster.CleanJobTime)} s.");
        md.AppendLine("Lost, duplicated: source ids of every record of every shard read back, counted against the manifest. Identical: SHA-256 of every shard equals the clean run's.");
        md.AppendLine("Fault point: seconds after the job started, and the items the writers had reported by then (they report in batches). Redrives: as counted by the job's last activation (a job grain that died with the killed silo starts counting afresh).");
        md.AppendLine();
        md.AppendLine("| run | seed | fault | fault point (items done / planned) | job time (s) | records | lost | duplicated | identical | redrives |");
        md.AppendLine("| --- | ---: | --- | --- | ---: | ---: | ---: | ---: | --- | ---: |");
        foreach (var r in results)
        {
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Run} | {r.Seed} | {r.Fault} | {r.FaultPoint} | {Seconds(r.JobTime)} | {r.Records} | {r.Lost} | {r.Duplicated} | {(r.Identical ? "yes" : "no")} | {r.Redrives} |");
        }

        var ok = results.Count(r => r.Lost == 0 && r.Duplicated == 0 && r.Identical && !r.Missed);
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture,
            $"{ok} of {results.Count} runs: fault struck mid-job, nothing lost, nothing duplicated, shards byte-identical to the clean run ({results.Count(r => r.Missed)} missed the job).");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, md.ToString());
    }

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture);
}
