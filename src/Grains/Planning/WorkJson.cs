using System.Text.Json;
using Cluster.Grains.Storage;

namespace Cluster.Grains.Planning;

/// <summary>The JSON options of the work folder files (compact camelCase; doubles round-trip exactly).</summary>
internal static class WorkJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);

    /// <summary>Writes <paramref name="value"/> as JSON to <paramref name="path"/> through a temporary file and a rename.</summary>
    public static void Save<T>(string path, T value)
    {
        var temp = path + $".{Guid.NewGuid():N}.tmp";
        try
        {
            File.WriteAllText(temp, JsonSerializer.Serialize(value, Options));
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>Reads a JSON file, or null when it is missing or unreadable (a torn or foreign file counts as missing).</summary>
    public static T? TryLoad<T>(string path)
        where T : class
    {
        try
        {
            return File.Exists(path) ? JsonSerializer.Deserialize<T>(File.ReadAllText(path), Options) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Publishes <paramref name="value"/> as JSON under <paramref name="name"/> in <paramref name="store"/>.</summary>
    public static void Save<T>(IOutputStore store, string name, T value)
    {
        Save(store.LocalPathOf(name), value);
        store.PublishLocal(name);
    }

    /// <summary>Reads a published JSON file, or null when it is missing or unreadable.</summary>
    public static T? TryLoad<T>(IOutputStore store, string name)
        where T : class
        => store.FetchLocal(name) is { } path ? TryLoad<T>(path) : null;
}
