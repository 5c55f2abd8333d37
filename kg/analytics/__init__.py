"""Network analytics over the graph: projection to NetworkX, then one module per question.

Every function takes the projected :class:`networkx.MultiDiGraph` and returns a pandas
DataFrame (or a graph), so notebooks and ``kg analyze`` share them.
"""

from .centrality import centrality
from .communities import brokers, communities, community_of
from .export import EXPORT_FORMATS, export_graph
from .paths import ego_network, edges_frame, evidence_path
from .projection import Filters, project
from .stances import stance_matrix, stances
from .timeline import changes, timeline

__all__ = ["Filters", "project", "centrality", "communities", "community_of", "brokers", "evidence_path",
           "ego_network", "edges_frame", "stances", "stance_matrix", "timeline", "changes", "export_graph",
           "EXPORT_FORMATS"]
