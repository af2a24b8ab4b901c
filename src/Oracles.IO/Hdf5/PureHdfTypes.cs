using System.Reflection;
using PureHDF;

namespace Oracles.IO.Hdf5;

/// <summary>
/// What PureHDF 2.2 does not expose publicly about an HDF5 datatype: its byte order.
/// </summary>
/// <remarks>
/// <para>PureHDF refuses big-endian floats in plain datasets and attributes, but reads big-endian compound members
/// (h5py's <c>&gt;c16</c>) as if they were little-endian, silently. We therefore read raw bytes and decode them
/// ourselves, which needs the byte order. It lives in the internal datatype message
/// (<c>NativeDataType._dataType.BitField.ByteOrder</c>); we read it by reflection. The package version is pinned
/// centrally, and the big-endian fixtures in the tests fail loudly if an upgrade moves it. When the lookup fails the
/// reader refuses the field rather than guess.</para>
/// </remarks>
internal static class PureHdfTypes
{
    private const BindingFlags Any = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;

    /// <summary>The byte order of a fixed- or floating-point type: "LittleEndian", "BigEndian", "VaxEndian", or null when unknown.</summary>
    /// <param name="type">The datatype.</param>
    /// <returns>The byte order's name, or null.</returns>
    public static string? ByteOrder(IH5DataType type)
    {
        try
        {
            var message = type.GetType().GetField("_dataType", Any)?.GetValue(type);
            var bitField = message?.GetType().GetProperty("BitField", Any)?.GetValue(message);
            return bitField?.GetType().GetProperty("ByteOrder", Any)?.GetValue(bitField)?.ToString();
        }
        catch (TargetInvocationException)
        {
            return null;
        }
    }
}
