import Foundation

/// A scanned page in grey: one byte a pixel (0 black, 255 white), row after row.
public struct GrayImage: Sendable {
    public let width: Int
    public let height: Int
    public var pixels: [UInt8]

    public init(width: Int, height: Int, pixels: [UInt8]) {
        precondition(pixels.count == width * height)
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// The pixel nearest (x, y); white outside the image.
    @inline(__always)
    public func at(_ x: Double, _ y: Double) -> UInt8 {
        let (i, j) = (Int(x.rounded()), Int(y.rounded()))
        guard i >= 0, j >= 0, i < width, j < height else { return 255 }
        return pixels[j * width + i]
    }

    /// The page turned half a turn (a sheet fed upside down).
    public func rotated180() -> GrayImage { GrayImage(width: width, height: height, pixels: pixels.reversed()) }

    /// The grey level between ink and paper (Otsu's threshold on the histogram).
    public func inkThreshold() -> UInt8 {
        var histogram = [Int](repeating: 0, count: 256)
        for p in pixels { histogram[Int(p)] += 1 }
        let total = Double(pixels.count)
        let sum = histogram.enumerated().reduce(0.0) { $0 + Double($1.offset * $1.element) }
        var (sumB, weightB, best, threshold) = (0.0, 0.0, 0.0, 128)
        for t in 0..<256 {
            weightB += Double(histogram[t])
            guard weightB > 0 else { continue }
            let weightF = total - weightB
            guard weightF > 0 else { break }
            sumB += Double(t * histogram[t])
            let meanB = sumB / weightB
            let meanF = (sum - sumB) / weightF
            let between = weightB * weightF * (meanB - meanF) * (meanB - meanF)
            if between > best {
                best = between
                threshold = t
            }
        }
        // Paper is most of a page: keep light pencil dark enough to count, never the paper.
        return UInt8(min(max(threshold, 90), 200))
    }
}

/// Where a point of the form (millimetres from its top-left corner) lies on the scan (pixels):
/// an affine map fitted to the corner marks, which takes rotation, scale and shift.
public struct PageTransform: Sendable, Equatable {
    public var a: Double, b: Double, c: Double
    public var d: Double, e: Double, f: Double

    public init(a: Double, b: Double, c: Double, d: Double, e: Double, f: Double) {
        (self.a, self.b, self.c, self.d, self.e, self.f) = (a, b, c, d, e, f)
    }

    public func apply(_ x: Double, _ y: Double) -> (x: Double, y: Double) { (a * x + b * y + c, d * x + e * y + f) }

    /// Pixels per millimetre (the mean of the map's two scales).
    public var scale: Double { ((a * a + d * d).squareRoot() + (b * b + e * e).squareRoot()) / 2 }
    /// The page's rotation in degrees.
    public var rotation: Double { atan2(d, a) * 180 / .pi }

    /// The least-squares affine map taking `from` (mm) to `to` (px); nil when the points are
    /// degenerate.
    public static func fit(from: [(Double, Double)], to: [(Double, Double)]) -> PageTransform? {
        guard from.count == to.count, from.count >= 3 else { return nil }
        var m = [[Double]](repeating: [0, 0, 0], count: 3)
        var ru = [0.0, 0.0, 0.0]
        var rv = [0.0, 0.0, 0.0]
        for (p, q) in zip(from, to) {
            let v = [p.0, p.1, 1.0]
            for i in 0..<3 {
                for j in 0..<3 { m[i][j] += v[i] * v[j] }
                ru[i] += v[i] * q.0
                rv[i] += v[i] * q.1
            }
        }
        func det(_ a: [[Double]]) -> Double {
            a[0][0] * (a[1][1] * a[2][2] - a[1][2] * a[2][1]) - a[0][1] * (a[1][0] * a[2][2] - a[1][2] * a[2][0])
                + a[0][2] * (a[1][0] * a[2][1] - a[1][1] * a[2][0])
        }
        let dm = det(m)
        guard abs(dm) > 1e-9 else { return nil }
        func solve(_ r: [Double]) -> [Double] {
            (0..<3).map { k in
                var mk = m
                for i in 0..<3 { mk[i][k] = r[i] }
                return det(mk) / dm
            }
        }
        let (u, w) = (solve(ru), solve(rv))
        return PageTransform(a: u[0], b: u[1], c: u[2], d: w[0], e: w[1], f: w[2])
    }
}
