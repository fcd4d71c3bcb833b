using Cluster.Client.Commands;

namespace Cluster.Client;

/// <summary>Every verb of <c>cluster</c>. Adding a verb = one file under Commands/ + one line here.</summary>
public static class Verbs
{
    public static IReadOnlyList<IVerb> All { get; } =
    [
        new InspectCommand(),
        new VerifyCommand(),
        new ReadCommand(),
        new ConvertCommand(),
        new StatusCommand(),
        new ResumeCommand(),
        new TrainerForwardCommand("train", "train the detector on converted shards"),
        new TrainerForwardCommand("eval", "mAP@0.5 of a checkpoint on converted shards, with preview images"),
        new TrainerForwardCommand("demo", "generate shapes, convert, train on 2 replicas, evaluate: the end-to-end demo"),
    ];
}
