using System.CommandLine;
using System.Globalization;
using Cluster.Formats.TfRecords;
using Cluster.Grains.Storage;

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
            await using var reader = Open(path, ct);
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

    private static TfRecordReader Open(string path, CancellationToken ct)
    {
        if (!StorageLocation.LooksLikeBlob(path))
        {
            return TfRecordReader.Open(path);
        }

        Stream stream;
        string address;
        try
        {
            (stream, address) = BlobFiles.OpenRead(path, ct);
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message);
        }

        // Named by the blob's own name, so compression is detected from its extension as for a file.
        return new TfRecordReader(stream, address);
    }

    private static int Worse(int a, int b) => a == ExitCodes.DataLoss || b == ExitCodes.DataLoss ? ExitCodes.DataLoss : Math.Max(a, b);
}
