"""Network analytics over the graph: projection to NetworkX, then one module per question.

Every function takes the projected :class:`networkx.MultiDiGraph` and returns a pandas
DataFrame (or a graph), so notebooks and ``kg analyze`` share them.
"""

from kg.analytics.centrality import centrality
from kg.analytics.communities import brokers, communities, community_of
from kg.analytics.export import EXPORT_FORMATS, export_graph
from kg.analytics.paths import ego_network, edges_frame, evidence_path
from kg.analytics.projection import Filters, project
from kg.analytics.stances import stance_matrix, stances
from kg.analytics.timeline import changes, timeline

__all__ = ["Filters", "project", "centrality", "communities", "community_of", "brokers", "evidence_path",
           "ego_network", "edges_frame", "stances", "stance_matrix", "timeline", "changes", "export_graph",
           "EXPORT_FORMATS"]
