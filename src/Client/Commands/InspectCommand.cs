using System.CommandLine;
using Cluster.Client.Inspection;

namespace Cluster.Client.Commands;

/// <summary><c>cluster inspect FILE [--json] [--records N]</c>: record count, feature keys, and the first N records.</summary>
public sealed class InspectCommand : IVerb
{
    public Command Build(CliContext context)
    {
        var file = new Argument<string>("FILE") { Description = "a TFRecord file or blob (az://CONTAINER/NAME); .gz read as GZIP, compression is also detected from the bytes" };
        var json = new Option<bool>("--json") { Description = "write one JSON object to stdout instead of tables" };
        var records = new Option<int>("--records", "-n") { Description = "how many records to show (without image bytes)", DefaultValueFactory = _ => 1 };
        records.Validators.Add(r =>
        {
            if (r.Tokens is [var token] && int.TryParse(token.Value, System.Globalization.CultureInfo.InvariantCulture, out var n) && n < 0)
            {
                r.AddError("--records must be 0 or more");
            }
        });

        var command = new Command("inspect", "show record count, feature keys with types and value counts, and the first records") { file, json, records };
        command.SetAction(async (parse, ct) =>
        {
            var report = await RecordInspector.InspectAsync(parse.GetRequiredValue(file), parse.GetValue(records), ct).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                await context.Out.WriteLineAsync(InspectJsonWriter.Write(report)).ConfigureAwait(false);
            }
            else
            {
                InspectTableWriter.Write(context.OutConsole, report);
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
