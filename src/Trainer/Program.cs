using System.Runtime.InteropServices;
using Cluster.Client;
using Cluster.Trainer.Commands;

// The first Ctrl+C (SIGINT, or SIGTERM) cancels: training saves a checkpoint and exits 130. A second one kills.
using var interrupt = new CancellationTokenSource();
void Cancel(PosixSignalContext signal)
{
    signal.Cancel = !interrupt.IsCancellationRequested;
    interrupt.Cancel();
}

using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Cancel);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Cancel);
return await Cli.RunAsync(args, TrainerVerbs.All, "cluster-trainer", Console.Out, Console.Error, interrupt.Token, handleSignals: false);
