using k8s;
using k8s.Models;

namespace Cluster.Deploy.Tests;

/// <summary>One rendered kustomization: its YAML text and every document loaded strictly into the client's models.</summary>
internal sealed class RenderedManifests
{
    public RenderedManifests(string name, string yaml)
    {
        Name = name;
        Yaml = yaml;
        Objects = KubernetesYaml.LoadAllFromString(yaml, strict: true);
    }

    public string Name { get; }

    public string Yaml { get; }

    public IReadOnlyList<object> Objects { get; }

    public IEnumerable<T> All<T>() => Objects.OfType<T>();

    public T Single<T>(string name)
        where T : IKubernetesObject<V1ObjectMeta>
    {
        var matches = Objects.OfType<T>().Where(o => o.Metadata.Name == name).ToList();
        return matches.Count == 1
            ? matches[0]
            : throw new InvalidOperationException($"{Name}: expected one {typeof(T).Name} named {name}, found {matches.Count}");
    }

    /// <summary>A generated ConfigMap by its base name (kustomize appends a content hash).</summary>
    public V1ConfigMap GeneratedConfigMap(string baseName) =>
        Objects.OfType<V1ConfigMap>().Single(c => c.Metadata.Name.StartsWith(baseName + "-", StringComparison.Ordinal));

    /// <summary>Every pod template in the render, with the workload that owns it.</summary>
    public IEnumerable<(string Owner, V1PodSpec Spec)> PodSpecs()
    {
        foreach (var deployment in All<V1Deployment>())
        {
            yield return ($"Deployment {deployment.Metadata.Name}", deployment.Spec.Template.Spec);
        }

        foreach (var job in All<V1Job>())
        {
            yield return ($"Job {job.Metadata.Name}", job.Spec.Template.Spec);
        }
    }

    public override string ToString() => Name;
}
