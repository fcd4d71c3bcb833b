using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Cluster.Grains.Hosting;

/// <summary>Registers what the conversion grains need besides a grain storage named <see cref="StorageNames.Jobs"/>.</summary>
public static class ConversionSiloBuilderExtensions
{
    public static ISiloBuilder AddConversionGrains(this ISiloBuilder builder, Action<ConversionOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<ConversionOptions>();
        if (configure is not null)
        {
            builder.Services.Configure(configure);
        }

        builder.Services.TryAddSingleton<IShardWriteGate, OpenShardWriteGate>();
        return builder;
    }
}
