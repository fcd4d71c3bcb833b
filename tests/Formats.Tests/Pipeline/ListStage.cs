using System.Text.Json.Nodes;
using Cluster.Formats.Pipeline;

namespace Cluster.Formats.Tests.Pipeline;

/// <summary>A source stage over an in-memory list (0..n-1 by default), for testing stages without files.</summary>
internal sealed class ListStage<T>(IReadOnlyList<T> items) : PipelineStage<T>(null)
{
    private int _next;

    public override ValueTask<bool> MoveNextAsync(CancellationToken ct = default)
    {
        if (_next >= items.Count)
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
        return PipelineState.Of(() => new JsonObject { ["stage"] = "list", ["next"] = next });
    }

    public override void RestoreState(PipelineState state) => _next = state.ToJson()["next"]!.GetValue<int>();
}
