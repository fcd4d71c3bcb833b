using System.Diagnostics;
using System.Net;
using Cluster.Grains;
using Cluster.Silo.Tests.Processes;
using Cluster.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;

namespace Cluster.Silo.Tests.Chaos;

/// <summary>
/// The chaos tests' cluster: Azurite with its data in a temp folder (so it can be stopped and restarted without loss),
/// three real <c>cluster-silo</c> processes with Azure Table clustering and job storage on it, one dataset, and the
/// SHA-256 of every shard of a clean run of that dataset (computed once, on the same cluster). Collects the runs'
/// results and writes them to the file named by env <c>CHAOS_RESULTS</c> when done.
/// </summary>
public sealed class ChaosCluster : IAsyncLifetime
{
    public const int SiloCount = 3;
    public const int Shards = 6;
    private static readonly TimeSpan SiloStartTimeout = TimeSpan.FromSeconds(180);
    private readonly TempDirectory _temp = new("cluster-chaos");
    private readonly List<SiloProcess> _silos = [];
    private readonly List<(string Name, string Log)> _retired = [];
    private readonly Dictionary<string, string> _settings = [];
    private Azurite? _azurite;
    private string _manifest = "";

    /// <summary>Images in the dataset (env <c>CHAOS_IMAGES</c>, default 240).</summary>
    public static int Images { get; } = int.TryParse(Environment.GetEnvironmentVariable("CHAOS_IMAGES"), out var n) && n > 0 ? n : 240;

    internal IReadOnlyList<string> SourceIds { get; private set; } = [];

    internal ShardAudit Clean { get; private set; } = null!;

    internal TimeSpan CleanJobTime { get; private set; }

    internal List<ChaosRunResult> Results { get; } = [];

    internal IReadOnlyList<SiloProcess> Silos => _silos;

    internal Azurite Storage => _azurite ?? throw new InvalidOperationException("Azurite not started");

    public async Task InitializeAsync()
    {
        try
        {
            await StartAndRunCleanAsync();
        }
        catch
        {
            await DisposeAsync(); // xunit does not dispose a fixture whose start failed: stop what did start
            throw;
        }
    }

    private async Task StartAndRunCleanAsync()
    {
        _azurite = await Azurite.StartAsync(RepoPaths.Root, _temp.File("azurite"));
        _settings["Clustering"] = "AzureTable";
        _settings["Storage"] = "AzureTable";
        _settings["ConnectionString"] = _azurite.ConnectionString;
        _settings["ClusterId"] = $"chaos-{Guid.NewGuid():N}";
        _settings["RedriveSeconds"] = "0.5";

        // Fine-grained progress (a shard here is 40 records) so the kill point falls where the seed puts it: with the
        // default 64-record marks a shard reports nothing until it is written, and a warm 1.4 s job could finish first.
        _settings["ProgressSeconds"] = "0.05";
        _settings["ProgressItems"] = "2";
        (_manifest, SourceIds) = ChaosDataset.Create(_temp.File("data"), Images, 320, 240);
        for (var i = 0; i < SiloCount; i++)
        {
            _silos.Add(SiloProcess.Start("Production", _settings));
        }

        await Task.WhenAll(_silos.Select(s => s.WaitStartedAsync(SiloStartTimeout)));
        using var client = await ConnectAsync();
        var clock = Stopwatch.StartNew();
        var job = Jobs(client).GetGrain<IConversionJobGrain>("clean");
        var spec = Spec("clean");
        await job.StartAsync(spec);
        await UntilCompletedAsync(job, "the clean reference run");
        CleanJobTime = clock.Elapsed;
        Clean = Audit(spec);
        if (Clean.Lost != 0 || Clean.Duplicated != 0 || Clean.Unexpected != 0)
        {
            throw new InvalidOperationException($"the clean reference run itself is wrong: {Clean}");
        }
    }

    /// <summary>A job spec over the dataset writing to its own folder <paramref name="name"/>.</summary>
    internal ConversionJobSpec Spec(string name) => Spec(name, _manifest, Shards, seed: 11);

    /// <summary>A job spec over any CSV manifest (images under <c>images/</c> beside it) writing to folder <paramref name="name"/>.</summary>
    internal ConversionJobSpec Spec(string name, string manifest, int shards, long seed)
    {
        var spec = new ConversionJobSpec
        {
            Format = "csv", ManifestPath = manifest, ImagesRoot = Path.Combine(Path.GetDirectoryName(manifest)!, "images"),
            OutputDir = _temp.File(name), ShardCount = shards, Seed = seed, MaxSide = 160,
        };
        Directory.CreateDirectory(spec.OutputDir);
        return spec;
    }

    /// <summary>A folder under the cluster's temp folder, for another dataset.</summary>
    internal string Folder(string name) => _temp.File(name);

    internal ShardAudit Audit(ConversionJobSpec spec) => Audit(spec, SourceIds);

    internal static ShardAudit Audit(ConversionJobSpec spec, IReadOnlyList<string> sourceIds) =>
        ShardAudit.Of(spec.OutputDir, spec.Name, spec.ShardCount, sourceIds.ToList());

    /// <summary>An Orleans client with every live silo as a gateway.</summary>
    internal async Task<IHost> ConnectAsync()
    {
        var gateways = _silos.Where(s => !s.HasExited).Select(s => new IPEndPoint(IPAddress.Loopback, s.GatewayPort)).ToArray();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleansClient(client =>
        {
            client.UseStaticClustering(gateways);
            client.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (_settings["ClusterId"], "cluster"));
        });
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    internal static IGrainFactory Jobs(IHost client) => client.Services.GetRequiredService<IGrainFactory>();

    /// <summary>SIGKILLs silo <paramref name="index"/> and starts a replacement in its place (not waited for).</summary>
    internal async Task KillAndReplaceAsync(int index)
    {
        var victim = _silos[index];
        await victim.KillAsync();
        _retired.Add(($"killed silo {index} (pid {victim.Pid})", victim.Log));
        await victim.DisposeAsync();
        _silos[index] = SiloProcess.Start("Production", _settings);
    }

    /// <summary>Waits until every silo (replacements included) reports it started.</summary>
    internal Task AllStartedAsync() => Task.WhenAll(_silos.Select(s => s.WaitStartedAsync(SiloStartTimeout)));

    /// <summary>Polls the job until it completes; errors while silos die or storage is down are retried, not fatal.</summary>
    internal async Task<JobProgress> UntilCompletedAsync(IConversionJobGrain job, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(300);
        var clock = Stopwatch.StartNew();
        JobProgress? last = null;
        Exception? lastError = null;
        while (clock.Elapsed < limit)
        {
            try
            {
                last = await job.GetProgressAsync().WaitAsync(TimeSpan.FromSeconds(30));
                if (last.Phase is not (JobPhase.Planning or JobPhase.Writing))
                {
                    break;
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                lastError = e;
            }

            await Task.Delay(100);
        }

        if (last?.Phase != JobPhase.Completed)
        {
            throw new TimeoutException(Failure(
                $"{what}: job did not reach Completed within {limit} (last progress: {last?.ToString() ?? "none"}; last poll error: {lastError?.Message ?? "none"})"));
        }

        return last;
    }

    /// <summary>A failure message: <paramref name="headline"/>, each log's last warnings and errors (every silo's, the
    /// killed ones' included, and Azurite's), the file that holds the whole logs, and the headline again.</summary>
    internal string Failure(string headline) =>
        ChaosLogDigest.Of(headline, [.. _retired, .. _silos.Select((s, i) => ($"silo {i} (pid {s.Pid})", s.Log)), ("azurite", _azurite?.Log ?? "")]);

    public async Task DisposeAsync()
    {
        foreach (var silo in _silos)
        {
            await silo.DisposeAsync();
        }

        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }

        var resultsFile = Environment.GetEnvironmentVariable("CHAOS_RESULTS");
        if (!string.IsNullOrWhiteSpace(resultsFile) && Results.Count > 0)
        {
            ChaosResultsFile.Write(resultsFile, this);
        }

        _temp.Dispose();
    }
}
