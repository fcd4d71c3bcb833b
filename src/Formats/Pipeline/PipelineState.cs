using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Cluster.Formats.Pipeline;

/// <summary>
/// The saved position of a pipeline stage and everything upstream of it: a small JSON object per stage
/// (<c>{"stage": NAME, ..., "upstream": {...}}</c>) that a trainer checkpoint can hold as text or bytes. Taking a state
/// only captures values; the JSON is built when it is serialized or restored, so stages can snapshot after every item.
/// </summary>
public sealed class PipelineState
{
    private readonly Func<JsonObject> _build;

    private PipelineState(Func<JsonObject> build) => _build = build;

    /// <summary>A state whose JSON <paramref name="build"/> makes on demand (called once per use; must return a fresh object).</summary>
    public static PipelineState Of(Func<JsonObject> build)
    {
        ArgumentNullException.ThrowIfNull(build);
        return new PipelineState(build);
    }

    /// <summary>A state read back from its JSON text.</summary>
    public static PipelineState Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonObject node;
        try
        {
            node = JsonNode.Parse(json) as JsonObject ?? throw new InvalidDataException("a pipeline state is a JSON object");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"not a pipeline state: {e.Message}", e);
        }

        return FromJson(node);
    }

    /// <summary>A state read back from <see cref="ToBytes"/>.</summary>
    public static PipelineState FromBytes(ReadOnlySpan<byte> utf8) => Parse(Encoding.UTF8.GetString(utf8));

    /// <summary>A state around an existing JSON object (copied on each use).</summary>
    public static PipelineState FromJson(JsonObject json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return new PipelineState(() => (JsonObject)json.DeepClone());
    }

    /// <summary>A fresh JSON object for this state.</summary>
    public JsonObject ToJson() => _build();

    public string ToJsonString() => ToJson().ToJsonString();

    public byte[] ToBytes() => Encoding.UTF8.GetBytes(ToJsonString());

    public override string ToString() => ToJsonString();

    /// <summary>The JSON of <paramref name="stage"/>'s state; <see cref="InvalidDataException"/> when it belongs to another stage.</summary>
    internal JsonObject Expect(string stage)
    {
        var json = ToJson();
        var actual = json["stage"]?.GetValue<string>();
        return actual == stage
            ? json
            : throw new InvalidDataException($"pipeline state is for stage '{actual ?? "(none)"}', expected '{stage}': the pipeline was built differently from the one that saved it");
    }

    /// <summary>The upstream state nested in a stage's JSON.</summary>
    internal static PipelineState Upstream(JsonObject json) =>
        FromJson(json["upstream"] as JsonObject ?? throw new InvalidDataException("pipeline state has no 'upstream' object"));

    /// <summary>A required value of a stage's JSON.</summary>
    internal static T Value<T>(JsonObject json, string name) =>
        json[name] is { } node ? node.Deserialize<T>()! : throw new InvalidDataException($"pipeline state of stage '{json["stage"]}' has no '{name}'");
}
