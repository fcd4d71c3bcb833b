using System.Diagnostics;
using System.Globalization;
using Cluster.Grains;
using Cluster.Silo.Tests.Data;

namespace Cluster.Silo.Tests.Chaos;

/// <summary>
/// Chaos on a real 3-silo cluster (see <see cref="ChaosCluster"/>): seeded SIGKILLs of one silo mid-job, and a 10 s
/// storage outage mid-job. After each, the job completes with nothing lost, nothing duplicated and every shard
/// byte-identical to the clean run. The suite runs <c>CHAOS_RUNS</c> seeded kills (default 3; tests/chaos.sh runs 20 and
/// writes bench/results/chaos.md). Resuming after a full-cluster restart is <see cref="AzureClusterTests"/>.
/// </summary>
[Trait("Category", "Chaos")]
[Collection(ChaosCollection.Name)]
public sealed class ChaosTests(ChaosCluster cluster) : IClassFixture<ChaosCluster>
{
    private const int MissRetries = 2;
    private static readonly int Runs = int.TryParse(Environment.GetEnvironmentVariable("CHAOS_RUNS"), out var n) && n > 0 ? n : 3;
    private static readonly long FirstSeed = long.TryParse(Environment.GetEnvironmentVariable("CHAOS_SEED"), out var s) ? s : 1;

    [Fact]
    public async Task Convert_OneSiloKilledAtSeededPoint_NothingLostOrDuplicatedAndShardsIdentical()
    {
        var failures = new List<string>();
        for (var seed = FirstSeed; seed < FirstSeed + Runs; seed++)
        {
            // A run whose job finished before its kill point proves nothing: it is run again, killing at half the point.
            var result = await KillRunAsync(seed, attempt: 0);
            for (var attempt = 1; result.Missed && attempt <= MissRetries; attempt++)
            {
                result = await KillRunAsync(seed, attempt);
            }

            cluster.Results.Add(result);
            if (result.Lost != 0 || result.Duplicated != 0 || !result.Identical || result.Missed)
            {
                failures.Add(result.ToString());
            }
        }

        Assert.True(failures.Count == 0, cluster.Failure($"{failures.Count} of {Runs} kill runs failed:\n{string.Join("\n", failures)}"));
    }

    [Fact]
    public async Task Convert_StorageStoppedTenSecondsMidJob_RetriesWithBackoffAndCompletesIdentical()
    {
        // One slow shard keeps the job running while the others finish, and must save their results, during the outage.
        var manifest = SlowShardDataset.Create(cluster.Folder("outage-data"), 160, 4, seed: 3);
        var ids = File.ReadLines(manifest).Skip(1).Select(line => line[..line.IndexOf(',', StringComparison.Ordinal)]).ToList();
        await cluster.AllStartedAsync();
        using var client = await cluster.ConnectAsync();
        var spec = cluster.Spec("outage", manifest, 4, seed: 3);
        var job = ChaosCluster.Jobs(client).GetGrain<IConversionJobGrain>("outage");
        var clock = Stopwatch.StartNew();
        await job.StartAsync(spec);
        var at = await WaitForWritingAsync(job);
        Assert.True(at is { Phase: JobPhase.Writing }, $"the job finished before storage could be stopped mid-job: {at}");
        await cluster.Storage.StopAsync();
        await Task.Delay(TimeSpan.FromSeconds(10));
        await cluster.Storage.RestartAsync();
        var done = await cluster.UntilCompletedAsync(job, "the storage-outage run");
        var time = clock.Elapsed;
        var audit = ChaosCluster.Audit(spec, ids);

        var clean = cluster.Spec("outage-clean", manifest, 4, seed: 3);
        var cleanJob = ChaosCluster.Jobs(client).GetGrain<IConversionJobGrain>("outage-clean");
        await cleanJob.StartAsync(clean);
        await cluster.UntilCompletedAsync(cleanJob, "the clean run of the outage dataset");
        var identical = audit.IdenticalTo(ChaosCluster.Audit(clean, ids));
        cluster.Results.Add(new ChaosRunResult("outage", spec.Seed, "Azurite stopped (SIGINT) 10 s, restarted", $"{Point(at)} (first shards finish while down)", time,
            audit.Records, audit.Lost, audit.Duplicated + audit.Unexpected, identical, done.Redrives));

        Assert.Equal(0, audit.Lost);
        Assert.Equal(0, audit.Duplicated);
        Assert.Equal(0, audit.Unexpected);
        Assert.True(identical, $"shards differ from the clean run: {string.Join(", ", audit.Sha256)}");
        Assert.True(cluster.Silos.Any(s => s.Log.Contains("saving its state failed", StringComparison.Ordinal)),
            cluster.Failure("no silo logged a retried state write, so the outage did not hit a save"));
    }

    private async Task<ChaosRunResult> KillRunAsync(long seed, int attempt)
    {
        var random = new Random((int)seed);
        // The kill strikes when the writers have reported a seeded 5-60% of the items (halved on each retry after a
        // miss), or at the same fraction of the clean run's time, whichever comes first (a job can stall while silos start).
        var fraction = (0.05 + (random.NextDouble() * 0.55)) / (1 << attempt);
        var victim = random.Next(ChaosCluster.SiloCount);
        await cluster.AllStartedAsync();
        using var client = await cluster.ConnectAsync();
        var name = attempt == 0
            ? string.Create(CultureInfo.InvariantCulture, $"kill-{seed}")
            : string.Create(CultureInfo.InvariantCulture, $"kill-{seed}-retry{attempt}");
        var spec = cluster.Spec(name);
        var job = ChaosCluster.Jobs(client).GetGrain<IConversionJobGrain>(name);
        var clock = Stopwatch.StartNew();
        await job.StartAsync(spec);
        var at = await WaitForKillPointAsync(job, fraction, fraction * cluster.CleanJobTime, clock);
        var point = at is { Phase: JobPhase.Planning or JobPhase.Writing }
            ? string.Create(CultureInfo.InvariantCulture, $"{clock.Elapsed.TotalSeconds:F1} s, {Point(at)}")
            : string.Create(CultureInfo.InvariantCulture, $"missed (job finished before {fraction:P0} of its items were reported)");
        if (at is { Phase: JobPhase.Planning or JobPhase.Writing })
        {
            await cluster.KillAndReplaceAsync(victim);
        }

        var done = await cluster.UntilCompletedAsync(job, $"kill run seed {seed}");
        var time = clock.Elapsed;
        var audit = cluster.Audit(spec);
        return new ChaosRunResult(name, seed, $"SIGKILL silo {victim}", point, time, audit.Records, audit.Lost, audit.Duplicated + audit.Unexpected,
            audit.IdenticalTo(cluster.Clean), done.Redrives);
    }

    /// <summary>Polls until the job reports <paramref name="fraction"/> of its items done or <paramref name="time"/> has
    /// passed (the kill point), or is no longer running (the kill point was missed).</summary>
    private static async Task<JobProgress> WaitForKillPointAsync(IConversionJobGrain job, double fraction, TimeSpan time, Stopwatch clock)
    {
        while (true)
        {
            var progress = await job.GetProgressAsync();
            if (progress.Phase is not (JobPhase.Planning or JobPhase.Writing) || clock.Elapsed >= time
                || (progress.Phase == JobPhase.Writing && progress.ItemsPlanned > 0 && progress.ItemsDone >= fraction * progress.ItemsPlanned))
            {
                return progress;
            }

            await Task.Delay(20);
        }
    }

    /// <summary>Polls until the job is writing (planned, plan saved), or is no longer running.</summary>
    private static async Task<JobProgress> WaitForWritingAsync(IConversionJobGrain job)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var progress = await job.GetProgressAsync();
            if (progress.Phase is not (JobPhase.Planning or JobPhase.Writing) || (progress.Phase == JobPhase.Writing && progress.ItemsPlanned > 0))
            {
                return progress;
            }

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(300), $"the job did not start writing within 300 s: {progress}");
            await Task.Delay(20);
        }
    }

    private static string Point(JobProgress at) => string.Create(CultureInfo.InvariantCulture, $"{at.ItemsDone} / {at.ItemsPlanned}");
}
