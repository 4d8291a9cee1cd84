namespace RvJit.Translator.Persist;

/// <summary>
/// What the after-run precompile step needs of a bundle on disk: its verified assembly, and swapping that
/// assembly for its ReadyToRun form (a new index written beside and renamed over the old one, so readers see
/// the old bundle or the new one, never a mix).
/// </summary>
public static class BundleFiles
{
    /// <summary>The path of the bundle's assembly when the index and the assembly pass their checks; null otherwise.</summary>
    public static string? VerifiedAssembly(string indexPath, out string? problem)
    {
        var index = BundleIndex.TryRead(File.ReadAllBytes(indexPath), storeKey: null, out problem);
        if (index is null) return null;
        string assembly = Path.Combine(Path.GetDirectoryName(indexPath)!, index.AssemblyFile);
        if (BundleIndex.HashFile(assembly, out long length) != index.AssemblyHash || length != index.AssemblyLength)
        {
            problem = "its assembly is truncated or modified";
            return null;
        }
        return assembly;
    }

    /// <summary>Points the bundle at <paramref name="compiled"/> (a file in the index's directory, renamed there to
    /// <c>ID.r2r.dll</c>) and deletes the assembly it named before and the bundles it supersedes. False when the index is gone or changed meanwhile.</summary>
    public static bool ReplaceAssembly(string indexPath, string compiled)
    {
        string dir = Path.GetDirectoryName(indexPath)!, id = Path.GetFileNameWithoutExtension(indexPath);
        var index = BundleIndex.TryRead(File.ReadAllBytes(indexPath), storeKey: null, out _);
        if (index is null) return false;
        string final = Path.Combine(dir, id + ".r2r.dll");
        File.Move(compiled, final, overwrite: true);
        Hash128 hash = BundleIndex.HashFile(final, out long length);
        var updated = new BundleIndex
        {
            StoreKey = index.StoreKey, AssemblyFile = Path.GetFileName(final), AssemblyName = index.AssemblyName,
            AssemblyLength = length, AssemblyHash = hash, Regions = index.Regions, Supersedes = index.Supersedes,
        };
        string tmp = Path.Combine(dir, $".{id}.idx.r2r.tmp");
        File.WriteAllBytes(tmp, updated.ToBytes());
        if (!File.Exists(indexPath)) { File.Delete(tmp); File.Delete(final); return false; } // deleted (evicted or covered) meanwhile
        File.Move(tmp, indexPath, overwrite: true);
        if (index.AssemblyFile != Path.GetFileName(final)) File.Delete(Path.Combine(dir, index.AssemblyFile));
        // The bundles it holds every region of are not needed any more.
        foreach (string old in index.Supersedes) PersistentCode.DeleteBundle(Path.Combine(dir, old + ".idx"));
        return true;
    }
}
