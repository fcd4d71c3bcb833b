using System.CommandLine;
using System.Globalization;
using Cluster.Formats.TfRecords;
using Cluster.Client.Inspection;

namespace Cluster.Client.Commands;

/// <summary>
/// <c>cluster verify FILE...</c>: checks both CRCs of every record of every file. One line per file on stdout; exits 0 when
/// all are intact, 3 when any has a corrupt or truncated record, else 1 when any could not be read (missing, unreadable).
/// A FILE may be a blob, <c>az://CONTAINER/NAME</c> (connection string as for <c>convert</c>); a bad one exits 2.
/// </summary>
public sealed class VerifyCommand : IVerb
{
    public Command Build(CliContext context)
    {
        var files = new Argument<string[]>("FILE") { Description = "TFRecord files (or blobs, az://CONTAINER/NAME) to check", Arity = ArgumentArity.OneOrMore };
        var command = new Command("verify", "check every CRC of every record; exit 3 on data loss") { files };
        command.SetAction(async (parse, ct) =>
        {
            var worst = ExitCodes.Ok;
            foreach (var path in parse.GetRequiredValue(files))
            {
                var code = await VerifyOneAsync(path, context, ct).ConfigureAwait(false);
                worst = Worse(worst, code);
            }

            return worst;
        });
        return command;
    }

    private static async Task<int> VerifyOneAsync(string path, CliContext context, CancellationToken ct)
    {
        try
        {
            await using var reader = RecordFiles.Open(path, ct);
            while (await reader.ReadNextAsync(ct).ConfigureAwait(false) is not null)
            {
            }

            await context.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"ok {path}: {reader.RecordCount} records, {reader.Position} bytes uncompressed")).ConfigureAwait(false);
            return ExitCodes.Ok;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await context.Out.WriteLineAsync($"bad {path}").ConfigureAwait(false);
            return CliErrors.Report(e, context.Error);
        }
    }

    private static int Worse(int a, int b) => a == ExitCodes.DataLoss || b == ExitCodes.DataLoss ? ExitCodes.DataLoss : Math.Max(a, b);
}
