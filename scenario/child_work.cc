#include "scenario/child_work.h"

#include <cstdint>
#include <type_traits>
#include <utility>

#include "scenario/internal/field_codec.h"

namespace doharness::scenario {
namespace {

using internal::FieldReader;

// One list of the fields of each type serves both ways: Visit(io, x) hands every
// field of x to `io`, which writes it (Encoder) or reads it back into x (Decoder).
class Encoder {
 public:
  void Text(std::string& text) { internal::PutField(&out_, text); }
  template <class Int>
  void Number(Int& number) {
    internal::PutNumber(&out_, static_cast<int64_t>(number));
  }
  template <class Enum>
  void Choice(Enum& value, Enum /*last*/) {
    internal::PutNumber(&out_, static_cast<int64_t>(value));
  }
  void Time(Duration& duration) { internal::PutNumber(&out_, duration.count()); }
  template <class T, class VisitEntry>
  void List(std::vector<T>& list, VisitEntry visit_entry) {
    internal::PutNumber(&out_, static_cast<int64_t>(list.size()));
    for (T& entry : list) visit_entry(*this, entry);
  }
  template <class T, class VisitValue>
  void Maybe(std::optional<T>& value, VisitValue visit_value) {
    internal::PutNumber(&out_, value ? 1 : 0);
    if (value) visit_value(*this, *value);
  }

  std::string& out() { return out_; }

 private:
  std::string out_;
};

class Decoder {
 public:
  explicit Decoder(std::string_view bytes) : in_(bytes) {}

  void Text(std::string& text) { ok_ = ok_ && in_.Next(&text); }
  template <class Int>
  void Number(Int& number) {
    ok_ = ok_ && in_.NextNumber(&number);
  }
  template <class Enum>
  void Choice(Enum& value, Enum last) {
    int64_t number = 0;
    ok_ = ok_ && in_.NextNumber(&number) && number >= 0 && number <= static_cast<int64_t>(last);
    if (ok_) value = static_cast<Enum>(number);
  }
  void Time(Duration& duration) {
    int64_t count = 0;
    Number(count);
    duration = Duration(count);
  }
  template <class T, class VisitEntry>
  void List(std::vector<T>& list, VisitEntry visit_entry) {
    ok_ = ok_ && in_.NextList(&list, [&](T* entry) {
            visit_entry(*this, *entry);
            return ok_;
          });
  }
  template <class T, class VisitValue>
  void Maybe(std::optional<T>& value, VisitValue visit_value) {
    int present = 0;
    Number(present);
    if (!ok_ || present == 0) return;
    value.emplace();
    visit_value(*this, *value);
  }

  bool ok() const { return ok_; }
  bool AtEnd() const { return in_.AtEnd(); }

 private:
  FieldReader in_;
  bool ok_ = true;
};

template <class Io>
void Visit(Io& io, bool& flag) {
  int number = flag ? 1 : 0;
  io.Number(number);
  flag = number != 0;
}

template <class Io>
void Visit(Io& io, SourcePos& pos) {
  io.Number(pos.line);
  io.Number(pos.col);
}

template <class Io>
void Visit(Io& io, EngineSettings& engine) {
  io.Text(engine.profile);
  io.Number(engine.seed);
  io.Choice(engine.modification_order, ModificationOrder::kSeeded);
  io.Number(engine.reentrant_modification_depth);
  Visit(io, engine.coalesce_modifications);
  io.Time(engine.retry_delay);
  io.Number(engine.chunk_bytes);
  io.Number(engine.concurrency_limit);
  Visit(io, engine.pos);
}

template <class Io>
void Visit(Io& io, FileDecl& file) {
  io.Text(file.job);
  io.Text(file.remote_url);
  io.Text(file.local_name);
  io.Number(file.size);
  io.Number(file.bytes_per_second);
  Visit(io, file.pos);
}

template <class Io>
void Visit(Io& io, JobDecl& job) {
  io.Text(job.name);
  io.Text(job.display_name);
  io.List(job.files, [](Io& io, FileDecl& file) { Visit(io, file); });
  Visit(io, job.pos);
}

template <class Io>
void Visit(Io& io, JobCall& call) {
  io.Choice(call.method, JobCall::Method::kGetError);
  io.Number(call.flags);
  io.Text(call.callback);
  Visit(io, call.file);
}

template <class Io>
void Visit(Io& io, Step& step) {
  io.Choice(step.kind, Step::Kind::kReleaseSelf);
  Visit(io, step.call);
  io.Text(step.on_job);
  Visit(io, step.pos);
}

template <class Io>
void Visit(Io& io, Behaviour& behaviour) {
  io.Text(behaviour.callback);
  io.Choice(behaviour.method, NotificationMethod::kFileTransferred);
  io.Number(behaviour.nth);
  io.List(behaviour.steps, [](Io& io, Step& step) { Visit(io, step); });
  io.Number(behaviour.result);
  Visit(io, behaviour.pos);
}

template <class Io>
void Visit(Io& io, CallbackDecl& callback) {
  io.Text(callback.name);
  io.Choice(callback.kind, CallbackDecl::Kind::kUnderTest);
  Visit(io, callback.callback2);
  Visit(io, callback.pos);
}

template <class Io>
void Visit(Io& io, FaultDecl& decl) {
  Fault& fault = decl.fault;
  io.Text(decl.job);
  io.Choice(fault.kind, Fault::Kind::kGetterFails);
  io.Number(fault.file_index);
  io.Number(fault.at_byte);
  io.Number(fault.code);
  int context = fault.context;  // any number: the SDK adds contexts
  io.Number(context);
  fault.context = static_cast<BG_ERROR_CONTEXT>(context);
  io.Time(fault.duration);
  io.Number(fault.times);
  io.Text(fault.method);
  Visit(io, decl.pos);
}

template <class Io>
void Visit(Io& io, CallPattern& call) {
  io.Choice(call.method, NotificationMethod::kFileTransferred);
  io.Maybe(call.result, [](Io& io, HRESULT& result) { io.Number(result); });
}

template <class Io>
void Visit(Io& io, Expectation& expect) {
  io.Choice(expect.kind, Expectation::Kind::kSurvives);
  io.Choice(expect.op, Expectation::Op::kGe);
  io.Text(expect.callback);
  io.Text(expect.job);
  io.List(expect.calls, [](Io& io, CallPattern& call) { Visit(io, call); });
  io.Choice(expect.method, NotificationMethod::kFileTransferred);
  io.Number(expect.number);
  io.Choice(expect.state, BG_JOB_STATE_CANCELLED);
  io.Text(expect.rule);
  Visit(io, expect.pos);
}

template <class Io>
void Visit(Io& io, TimedAction& action) {
  io.Time(action.at);
  io.Text(action.job);
  Visit(io, action.call);
  io.Maybe(action.expect, [](Io& io, Expectation& expect) { Visit(io, expect); });
  Visit(io, action.pos);
}

template <class Io>
void Visit(Io& io, Scenario& s) {
  io.Text(s.path);
  Visit(io, s.engine);
  io.List(s.callbacks, [](Io& io, CallbackDecl& callback) { Visit(io, callback); });
  io.List(s.jobs, [](Io& io, JobDecl& job) { Visit(io, job); });
  io.List(s.behaviours, [](Io& io, Behaviour& behaviour) { Visit(io, behaviour); });
  io.List(s.faults, [](Io& io, FaultDecl& fault) { Visit(io, fault); });
  io.List(s.timeline, [](Io& io, TimedAction& action) { Visit(io, action); });
  io.Time(s.end_after);
  io.List(s.expectations, [](Io& io, Expectation& expect) { Visit(io, expect); });
}

template <class Io>
void Visit(Io& io, ChildWork& work) {
  io.Choice(work.kind, ChildWork::Kind::kBatch);
  io.List(work.scenarios, [](Io& io, Scenario& s) { Visit(io, s); });
  io.Text(work.rules_glob);
  Visit(io, work.stop_at_first_failure);
}

}  // namespace

std::string EncodeChildWork(const ChildWork& work) {
  Encoder encoder;
  Visit(encoder, const_cast<ChildWork&>(work));  // the encoder only reads
  return std::move(encoder.out());
}

std::optional<ChildWork> DecodeChildWork(std::string_view bytes) {
  Decoder decoder(bytes);
  ChildWork work;
  Visit(decoder, work);
  if (!decoder.ok() || !decoder.AtEnd()) return std::nullopt;
  return work;
}

}  // namespace doharness::scenario
