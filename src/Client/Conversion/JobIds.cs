using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Cluster.Grains;

namespace Cluster.Client.Conversion;

/// <summary>The default job id: NAME-HASH of the spec, so the same command names the same job (and resumes it).</summary>
internal static class JobIds
{
    public static string For(ConversionJobSpec spec)
    {
        var json = JsonSerializer.Serialize(spec);
        return $"{spec.Name}-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)))[..12]}";
    }
}
