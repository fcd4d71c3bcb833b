using System.Text.Json;
using System.Text.Json.Nodes;
using Cluster.Tests.Shared;

namespace Cluster.Deploy.Tests;

/// <summary>Runs validate-manifests.mjs (npm kubernetes-models + @kubernetes-models/validate) over YAML documents.</summary>
internal static class SchemaCheck
{
    public static ProcessResult Validate(string source, string yaml)
    {
        var entries = new JsonArray([.. YamlDocumentsToJson.Convert(yaml).Select(d => new JsonObject
        {
            ["source"] = source,
            ["document"] = d?.DeepClone(),
        })]);

        using var temp = new TempDirectory("deploy-schema");
        var input = temp.File("documents.json");
        File.WriteAllText(input, entries.ToJsonString(new JsonSerializerOptions { WriteIndented = false }));
        var script = Path.Combine(RepoPaths.Root, "tests", "Deploy.Tests", "validate-manifests.mjs");
        return ProcessRunner.Run("node", [script, input]);
    }
}
