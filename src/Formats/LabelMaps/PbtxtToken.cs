namespace Cluster.Formats.LabelMaps;

internal enum PbtxtTokenKind
{
    Identifier,
    String,
    Number,
    Colon,
    Open,
    Close,
    End,
}

/// <summary>A token of the protobuf text format subset label maps use.</summary>
internal readonly record struct PbtxtToken(PbtxtTokenKind Kind, string Text, int Line);
