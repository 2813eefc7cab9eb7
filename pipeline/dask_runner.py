"""Beam's DaskRunner with the three fixes newsbeam needs to run on a dask.distributed cluster.

Use it as `--runner pipeline.dask_runner.DaskRunner --dask_client_address tcp://SCHEDULER:8786`
(every option of Beam's DaskRunner applies). Beam 2.77's own
`apache_beam.runners.dask.dask_runner.DaskRunner` translates a batch pipeline into dask bags, but:

1. A ParDo with several outputs (`.with_outputs(...)`) feeds all of its outputs, mixed, to every
   consumer: each newsbeam stage's dead letters would reach the next stage as documents.
2. Elements a DoFn emits from `finish_bundle` are dropped: RunInference's last batch, the Parquet
   shards and WriteToText's files would be lost.
3. Side inputs are computed by a nested `compute()` inside the consuming task, once per task,
   re-running their whole upstream (and its side effects, such as WriteToText's temporary
   folders), and only the last transform's result is computed at all.

This runner keeps Beam's translation of Create, GroupByKey and Flatten and replaces the ParDo
translation and the graph walk: every ParDo bundle runs on its own copy of the DoFn and returns
(output tag, element) pairs, including what finish_bundle emits; each output PCollection is the
pairs of its tag; side inputs are dask dependencies of the tasks that read them, so one graph
computes every transform once; and every PCollection no transform reads is computed.
Windowing is the global window only, as in Beam's DaskRunner: it runs batch pipelines.
"""

from __future__ import annotations

import functools

import dask
import dask.bag as db
from apache_beam import pvalue
from apache_beam.internal import pickler
from apache_beam.pipeline import AppliedPTransform, PipelineVisitor
from apache_beam.runners.common import DoFnContext, DoFnInvoker, DoFnSignature, Receiver, _OutputHandler
from apache_beam.runners.dask import dask_runner as beam_dask
from apache_beam.runners.dask.overrides import dask_overrides
from apache_beam.runners.dask.transform_evaluator import TRANSLATIONS, Flatten, NoOp, get_windowed_value
from apache_beam.runners.runner import PipelineState
from apache_beam.transforms.core import DoFn, ParDo
from apache_beam.transforms.sideinputs import SideInputMap
from dask.delayed import Delayed


class _TaggedReceiver(Receiver):
    def __init__(self, tag, outputs: list):
        self.tag = tag
        self.outputs = outputs

    def receive(self, windowed_value):
        self.outputs.append((self.tag, windowed_value.value))


class _ReceiversByTag(dict):
    def __init__(self, outputs: list):
        super().__init__()
        self.outputs = outputs

    def __missing__(self, tag):
        self[tag] = _TaggedReceiver(tag, self.outputs)
        return self[tag]


def _run_bundle(elements, *side_input_values, serialized_fn, label, args, kwargs, side_input_views, window_fn):
    """One dask partition through a fresh copy of the DoFn: [(output tag, element), ...]."""
    outputs: list = []
    receivers = _ReceiversByTag(outputs)
    side_inputs = [
        SideInputMap(view_class, view_options, [get_windowed_value(value, None) for value in values])
        for (view_class, view_options), values in zip(side_input_views, side_input_values)
    ]
    invoker = DoFnInvoker.create_invoker(
        DoFnSignature(pickler.loads(serialized_fn)),
        _OutputHandler(
            window_fn=window_fn,
            main_receivers=receivers[None],
            tagged_receivers=receivers,
            per_element_output_counter=None,
            output_batch_converter=None,
            process_yields_batches=False,
            process_batch_yields_elements=False,
        ),
        context=DoFnContext(label, state=None),
        side_inputs=side_inputs,
        input_args=args,
        input_kwargs=kwargs,
        user_state_context=None,
        bundle_finalizer_param=DoFn.BundleFinalizerParam(),
    )
    invoker.invoke_setup()
    invoker.invoke_start_bundle()
    for element in elements:
        invoker.invoke_process(get_windowed_value(element, window_fn))
    invoker.invoke_finish_bundle()
    invoker.invoke_teardown()
    return outputs


def _concatenated(partitions):
    return [value for partition in partitions for value in partition]


def _of_tag(tag):
    return lambda pair: pair[0] == tag


def _value(pair):
    return pair[1]


def _nothing(partition):
    return []


class _BagsByPCollection(PipelineVisitor):
    """Translates each leaf transform into dask bags, one per output PCollection."""

    def __init__(self, bag_kwargs: dict):
        self.bag_kwargs = bag_kwargs
        self.bags: dict[pvalue.PCollection, db.Bag] = {}
        self.read: set[pvalue.PCollection] = set()
        self.side_input_values: dict[pvalue.PCollection, Delayed] = {}

    def visit_transform(self, node: AppliedPTransform) -> None:
        inputs = [value for value in node.main_inputs.values() if isinstance(value, pvalue.PCollection)]
        self.read.update(inputs)
        self.read.update(side_input.pvalue for side_input in node.side_inputs)
        if type(node.transform) is ParDo:  # not its subclasses, e.g. the GroupByKey's window step
            self._par_do(node, self.bags[inputs[0]])
            return
        op = TRANSLATIONS.get(type(node.transform), NoOp)(node, bag_kwargs=self.bag_kwargs)
        input_bags = [self.bags[value] for value in inputs]
        if isinstance(op, Flatten):
            bag = op.apply(input_bags)
        else:
            bag = op.apply(input_bags[0] if input_bags else None)
        for output in node.outputs.values():
            self.bags[output] = bag

    def _par_do(self, node: AppliedPTransform, input_bag: db.Bag) -> None:
        transform = node.transform
        args, kwargs = transform.raw_side_inputs
        side_input_values = [self._all_values(side_input.pvalue) for side_input in node.side_inputs]
        run_bundle = functools.partial(
            _run_bundle,
            serialized_fn=pickler.dumps(transform.fn),
            label=transform.label,
            args=list(args),
            kwargs=kwargs,
            side_input_views=[(type(side_input), side_input._view_options()) for side_input in node.side_inputs],
            window_fn=next(iter(node.main_inputs.values())).windowing.windowfn,
        )
        # Delayed tasks on the input's partitions keep every upstream key as it is: passing a bag
        # or an Item to Bag.map_partitions would copy (and so re-run) the graph behind it.
        pairs = db.from_delayed(
            [dask.delayed(run_bundle)(partition, *side_input_values) for partition in input_bag.to_delayed(optimize_graph=False)]
        )
        for tag, output in node.outputs.items():
            self.bags[output] = pairs.filter(_of_tag(tag)).map(_value)

    def _all_values(self, pcoll: pvalue.PCollection) -> Delayed:
        """A side input's elements as one task, shared by every transform that reads it."""
        if pcoll not in self.side_input_values:
            partitions = self.bags[pcoll].to_delayed(optimize_graph=False)
            self.side_input_values[pcoll] = dask.delayed(_concatenated)(partitions)
        return self.side_input_values[pcoll]

    def unread_bags(self) -> list[db.Bag]:
        """The PCollections no transform reads: computing them computes the whole pipeline."""
        return [bag for pcoll, bag in self.bags.items() if pcoll not in self.read]


class _DaskRunnerResult(beam_dask.DaskRunnerResult):
    """Disconnects from the scheduler once the job has finished (Beam's result never does)."""

    def wait_until_finish(self, duration=None) -> str:
        try:
            return super().wait_until_finish(duration)
        finally:
            if self.state in (PipelineState.DONE, PipelineState.FAILED):
                self.client.close()


class DaskRunner(beam_dask.DaskRunner):
    """Executes a batch pipeline on a dask.distributed cluster (see the module docstring)."""

    def run_pipeline(self, pipeline, options):
        import dask.distributed as ddist

        dask_options = options.view_as(beam_dask.DaskOptions).get_all_options(drop_default=True, current_only=True)
        bag_kwargs = beam_dask.DaskOptions._extract_bag_kwargs(dask_options)
        client = ddist.Client(**dask_options)
        pipeline.replace_all(dask_overrides())
        visitor = _BagsByPCollection(bag_kwargs)
        pipeline.visit(visitor)
        # One compute call optimises all sinks as one graph, so shared steps run once. Only their
        # side effects matter (files written): bring back nothing but empty lists.
        sinks = [bag.map_partitions(_nothing) for bag in visitor.unread_bags()]
        return _DaskRunnerResult(client, client.compute(sinks))
