using System.Text.Json.Nodes;
using Cluster.Formats.Pipeline;

namespace Cluster.Bench;

/// <summary>A source stage over an in-memory array of ints, to measure a stage on its own.</summary>
internal sealed class ArrayStage(int[] items) : PipelineStage<int>(null)
{
    private int _next;

    public override ValueTask<bool> MoveNextAsync(CancellationToken ct = default)
    {
        if (_next >= items.Length)
        {
            return ValueTask.FromResult(false);
        }

        Current = items[_next++];
        return ValueTask.FromResult(true);
    }

    public override void Reset(int epoch) => _next = 0;

    public override PipelineState SaveState()
    {
        var next = _next;
        return PipelineState.Of(() => new JsonObject { ["stage"] = "array", ["next"] = next });
    }

    public override void RestoreState(PipelineState state) => _next = state.ToJson()["next"]!.GetValue<int>();
}
