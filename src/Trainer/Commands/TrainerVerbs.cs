using Cluster.Client;

namespace Cluster.Trainer.Commands;

/// <summary>The verbs of <c>cluster-trainer</c>: every verb of <c>cluster</c> (except the ones that forward here) plus train, eval, demo.</summary>
public static class TrainerVerbs
{
    public static IReadOnlyList<IVerb> All { get; } =
    [
        .. Verbs.All.Where(v => v is not IRawVerb),
        new TrainCommand(),
        new EvalCommand(),
        new DemoCommand(),
    ];
}
