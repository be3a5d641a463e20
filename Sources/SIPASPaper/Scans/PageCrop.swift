import Foundation

/// A straightened piece of a scanned page: the region (mm of the form) resampled through the
/// page's map at `pxPerMM`, for a reviewer to see an item as printed.
public enum PageCrop {
    public static func crop(
        _ image: GrayImage, _ transform: PageTransform, x0: Double, x1: Double, y0: Double, y1: Double, pxPerMM: Double
    ) -> GrayImage {
        let width = max(1, Int(((x1 - x0) * pxPerMM).rounded()))
        let height = max(1, Int(((y1 - y0) * pxPerMM).rounded()))
        var pixels = [UInt8](repeating: 255, count: width * height)
        for j in 0..<height {
            for i in 0..<width {
                let p = transform.apply(x0 + (Double(i) + 0.5) / pxPerMM, y0 + (Double(j) + 0.5) / pxPerMM)
                pixels[j * width + i] = image.at(p.x, p.y)
            }
        }
        return GrayImage(width: width, height: height, pixels: pixels)
    }
}
