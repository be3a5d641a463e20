import Metrics
import Prometheus

/// The Prometheus registry, bootstrapped once per process.
enum MetricsRegistry {
    static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }()
}
