using Cluster.Formats.Pipeline;
using Cluster.Grains.Reading;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace Cluster.Grains.Tests.Reading;

/// <summary>
/// <c>[PreferLocalPlacement]</c> on the reader grain: a reader first called from inside a silo (a trainer process that
/// hosts one) is activated on that silo, so its batches never cross the network.
/// </summary>
[Collection(ConversionCluster.Collection)]
public sealed class ReaderPlacementTests(ReaderClusterFixture fixture) : IClassFixture<ReaderClusterFixture>
{
    [Fact]
    public async Task Grain_FirstCalledFromEachSilo_ActivatesOnThatSilo()
    {
        var silos = fixture.Cluster.Silos.Cast<InProcessSiloHandle>().ToArray();
        Assert.Equal(2, silos.Length);
        var management = fixture.Cluster.Client.GetGrain<IManagementGrain>(0);
        var spec = ReaderSpec.From(new ReaderOptions { Seed = 3, BatchSize = 4, World = 4 });
        var placed = new List<(SiloAddress Caller, SiloAddress? Host)>();
        for (var round = 0; round < 3; round++)
        {
            for (var s = 0; s < silos.Length; s++)
            {
                // A fresh key per call: the epoch says which silo and round it belongs to, so it is activated by this call.
                var key = new ReaderKey(fixture.Dataset, 900 + (round * silos.Length) + s, 0).ToString();
                var fromSilo = silos[s].SiloHost.Services.GetRequiredService<IGrainFactory>();
                var grain = fromSilo.GetGrain<IInterleavingReaderGrain>(key);
                await grain.OpenAsync(spec);
                Assert.Single((await grain.NextAsync(1)).Batches);
                placed.Add((silos[s].SiloAddress, await management.GetActivationAddress(grain)));
                await grain.CloseAsync();
            }
        }

        // 6 activations, 3 from each silo: by chance (random placement) all six would match 1 time in 64.
        Assert.All(placed, p => Assert.Equal(p.Caller, p.Host));
    }
}
