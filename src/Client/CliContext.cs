using Spectre.Console;

namespace Cluster.Client;

/// <summary>Where a verb writes: data to <see cref="Out"/>, progress and logs to <see cref="Error"/>.</summary>
public sealed class CliContext
{
    public CliContext(TextWriter stdout, TextWriter stderr)
    {
        Out = stdout;
        Error = stderr;
        var outIsTerminal = ReferenceEquals(stdout, Console.Out) && !Console.IsOutputRedirected;
        ErrorIsTerminal = ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected;
        OutConsole = CreateConsole(stdout, outIsTerminal);
        ErrorConsole = CreateConsole(stderr, ErrorIsTerminal);
    }

    /// <summary>Data: what scripts parse.</summary>
    public TextWriter Out { get; }

    /// <summary>Progress and logs.</summary>
    public TextWriter Error { get; }

    /// <summary>Spectre output on stdout (tables); plain text without colors when stdout is not a terminal.</summary>
    public IAnsiConsole OutConsole { get; }

    /// <summary>Spectre output on stderr (progress); draw progress bars only when <see cref="ErrorIsTerminal"/>.</summary>
    public IAnsiConsole ErrorConsole { get; }

    public bool ErrorIsTerminal { get; }

    private static IAnsiConsole CreateConsole(TextWriter writer, bool terminal)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = terminal ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!terminal)
        {
            console.Profile.Width = 160;
        }

        return console;
    }
}
