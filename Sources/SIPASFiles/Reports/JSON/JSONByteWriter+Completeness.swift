import SIPASCore

// MARK: the report's completeness, key by key in sorted order (as `Completeness` encodes it)

extension JSONByteWriter {
    mutating func write(_ completeness: Completeness) {
        beginObject()
        key("areas")
        beginArray()
        for area in completeness.areas {
            separator()
            write(area)
        }
        endArray()
        key("deadline")
        string(completeness.deadline.description)
        key("period")
        string(completeness.period)
        key("restricted_to")
        strings(completeness.restrictedTo)
        key("total")
        write(completeness.total)
        key("units")
        beginArray()
        for unit in completeness.units {
            separator()
            beginObject()
            key("area")
            string(unit.area)
            key("code")
            string(unit.code)
            key("level")
            string(unit.level.rawValue)
            key("name")
            string(unit.name)
            key("received")
            stringOrNull(unit.received?.description)
            key("status")
            string(unit.status.rawValue)
            endObject()
        }
        endArray()
        endObject()
    }

    mutating func write(_ area: Completeness.Area) {
        beginObject()
        key("code")
        string(area.code)
        key("completeness")
        doubleOrNull(area.completeness)
        key("expected")
        int(area.expected)
        key("late")
        int(area.late)
        key("missing")
        int(area.missing)
        key("missing_units")
        strings(area.missingUnits)
        key("name")
        string(area.name)
        key("on_time")
        int(area.onTime)
        key("timeliness")
        doubleOrNull(area.timeliness)
        endObject()
    }
}
