using Cluster.Client;
using Cluster.Trainer.Commands;

return await Cli.RunAsync(args, TrainerVerbs.All, "cluster-trainer", Console.Out, Console.Error);
