using k8s;
using k8s.Models;

namespace Cluster.Deploy.Tests;

/// <summary>Every rendered manifest loads into KubernetesClient's models in strict mode, which rejects unknown fields.</summary>
public sealed class ManifestLoadTests(RenderedOverlays overlays) : IClassFixture<RenderedOverlays>
{
    [Theory]
    [MemberData(nameof(RenderedOverlays.TargetData), MemberType = typeof(RenderedOverlays))]
    public void LoadAllStrict_RenderedTarget_EveryDocumentIsATypedModel(string target)
    {
        var rendered = overlays[target];

        Assert.NotEmpty(rendered.Objects);
        Assert.All(rendered.Objects, o => Assert.IsAssignableFrom<IKubernetesObject<V1ObjectMeta>>(o));
        var documentCount = rendered.Yaml.Split("\n---\n").Length;
        Assert.Equal(documentCount, rendered.Objects.Count);
    }

    [Fact]
    public void LoadAllStrict_MisspeltField_Throws()
    {
        var yaml = overlays["overlays/dev"].Yaml.Replace(
            "terminationGracePeriodSeconds:", "terminationGracePeriodSecond:", StringComparison.Ordinal);

        var error = Assert.ThrowsAny<Exception>(() => KubernetesYaml.LoadAllFromString(yaml, strict: true));
        Assert.Contains("terminationGracePeriodSecond", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void LoadAllLenient_MisspeltField_IsSilentlyDropped()
    {
        // Why strict matters: without it the typo loads and the grace period silently falls back to the default.
        var yaml = overlays["overlays/dev"].Yaml.Replace(
            "terminationGracePeriodSeconds:", "terminationGracePeriodSecond:", StringComparison.Ordinal);

        var silo = KubernetesYaml.LoadAllFromString(yaml).OfType<V1Deployment>().Single(d => d.Metadata.Name == "cluster-silo");
        Assert.Null(silo.Spec.Template.Spec.TerminationGracePeriodSeconds);
    }
}
