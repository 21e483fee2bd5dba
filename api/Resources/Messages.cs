namespace SmimeAddin.Resources;

/// <summary>Marker for <c>IStringLocalizer&lt;Messages&gt;</c>: every sentence a person reads lives in
/// Messages.resx (English) and Messages.fr.resx (French), keyed by stable codes.</summary>
public sealed class Messages;
