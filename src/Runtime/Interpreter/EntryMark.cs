namespace RvJit.Runtime.Interpreter;

/// <summary>
/// What a translating engine tells the interpreter about a block entry (<see cref="Interpreter.MarkEntry"/>),
/// kept as the entry's countdown in its decoded page.
/// </summary>
public enum EntryMark
{
    /// <summary>It has a translation: the interpreter stops before it every time it gets there.</summary>
    Translated,
    /// <summary>Its translation is being compiled: the interpreter runs it, stopping once every
    /// <see cref="Interpreter.WaitingStride"/> entries so that the engine can count how much it is waited for.</summary>
    Waiting,
    /// <summary>Count again from the threshold (a translation it was marked for has gone).</summary>
    Cold,
    /// <summary>The translator cannot start there: the interpreter runs it (stopping once every 32 K entries,
    /// which costs nothing and needs no other state).</summary>
    InterpretOnly,
}
